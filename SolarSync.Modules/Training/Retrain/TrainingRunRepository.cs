using System.Text.Json;
using Dapper;
using Npgsql;

namespace SolarSync.Modules.Training.Retrain;

/// <summary>The training_runs table: one row per run, its epochs appended as they finish (the job's progress).</summary>
internal sealed class TrainingRunRepository(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<long> StartAsync(string type, long? siteId, string? jobId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO training.training_runs (model_type, site_id, job_id, status, started_at)
            VALUES (@type, @siteId, @jobId, 'running', @now) RETURNING id
            """, new { type, siteId, jobId, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task DescribeAsync(long runId, object config, DateTimeOffset dataFrom, DateTimeOffset dataTo, object samples, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE training.training_runs SET config = @config::jsonb, data_from = @dataFrom, data_to = @dataTo, samples = @samples::jsonb
            WHERE id = @runId
            """, new { runId, config = Serialize(config), dataFrom, dataTo, samples = Serialize(samples) }, cancellationToken: ct));
    }

    public async Task AppendEpochAsync(long runId, object epoch, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE training.training_runs SET epochs = epochs || jsonb_build_array(@epoch::jsonb) WHERE id = @runId",
            new { runId, epoch = Serialize(epoch) }, cancellationToken: ct));
    }

    public async Task SucceedAsync(long runId, string? version, object metrics, string outcome, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE training.training_runs SET status = 'succeeded', version = @version, metrics = @metrics::jsonb, outcome = @outcome, finished_at = @now
            WHERE id = @runId
            """, new { runId, version, metrics = Serialize(metrics), outcome, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>Records a failure; runs even when the job was cancelled, so it must not use the job's token.</summary>
    public async Task FailAsync(long runId, string error)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            UPDATE training.training_runs SET status = 'failed', error = @error, finished_at = @now WHERE id = @runId
            """, new { runId, error, now = clock.GetUtcNow() });
    }

    /// <summary>
    /// Marks failed the runs still marked running when no process holds the retrain lock (<see cref="RetrainLock"/>):
    /// their process died. Returns how many; none while a retrain holds the lock.
    /// </summary>
    public async Task<int> FailInterruptedAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(RetrainLock.TryLockSql, cancellationToken: ct))) return 0;
        try
        {
            return await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE training.training_runs SET status = 'failed', error = @error, finished_at = @now WHERE status = 'running'
                """, new { error = InterruptedError, now = clock.GetUtcNow() }, cancellationToken: ct));
        }
        finally
        {
            await conn.ExecuteAsync(RetrainLock.UnlockSql);
        }
    }

    /// <summary>The error of a run whose process stopped without finishing it.</summary>
    public const string InterruptedError = "interrupted: the process stopped during the run";

    public async Task<TrainingRun?> LatestForJobAsync(string jobId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<TrainingRun>(new CommandDefinition("""
            SELECT id, model_type, site_id, job_id, status, config::text AS config_json, data_from, data_to, samples::text AS samples_json,
                   epochs::text AS epochs_json, metrics::text AS metrics_json, version, outcome, error, started_at, finished_at
            FROM training.training_runs WHERE job_id = @jobId ORDER BY id DESC LIMIT 1
            """, new { jobId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<TrainingRun>> ListAsync(string? type, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<TrainingRun>(new CommandDefinition("""
            SELECT id, model_type, site_id, job_id, status, config::text AS config_json, data_from, data_to, samples::text AS samples_json,
                   epochs::text AS epochs_json, metrics::text AS metrics_json, version, outcome, error, started_at, finished_at
            FROM training.training_runs WHERE @type::text IS NULL OR model_type = @type ORDER BY id DESC LIMIT @limit
            """, new { type, limit }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>The snake_case JSON of the run's documents (config, epochs, metrics); the registry stores the same.</summary>
    public static string Serialize(object value) => JsonSerializer.Serialize(value, Json);
}

internal sealed record TrainingRun(
    long Id, string ModelType, long? SiteId, string? JobId, string Status, string? ConfigJson, DateTime? DataFrom, DateTime? DataTo,
    string? SamplesJson, string EpochsJson, string? MetricsJson, string? Version, string? Outcome, string? Error, DateTime StartedAt, DateTime? FinishedAt);
