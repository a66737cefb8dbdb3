using Dapper;
using Npgsql;

namespace SolarSync.Modules.Collection.Data;

/// <summary>Row counts of a finished run, by verdict.</summary>
internal readonly record struct RunCounts(int Accepted, int Flagged, int Rejected, int Imputed, double? QualityScore);

/// <summary>One row per collection or import run: opened at start, completed or failed at the end.</summary>
internal sealed class CollectionRunRepository(NpgsqlDataSource dataSource)
{
    private const string StartSql = """
        INSERT INTO collection.collection_runs (kind, source, site_id, range_from, range_to)
        VALUES (@kind, @source, @siteId, @from, @to)
        RETURNING id
        """;

    private const string CompleteSql = """
        UPDATE collection.collection_runs
        SET finished_at = now(), outcome = 'succeeded', rows_accepted = @Accepted, rows_flagged = @Flagged,
            rows_rejected = @Rejected, rows_imputed = @Imputed, quality_score = @QualityScore
        WHERE id = @id
        """;

    private const string FailSql = """
        UPDATE collection.collection_runs
        SET finished_at = now(), outcome = 'failed', rows_accepted = @Accepted, rows_flagged = @Flagged,
            rows_rejected = @Rejected, rows_imputed = @Imputed, error = @error
        WHERE id = @id
        """;

    private const string CloseInterruptedSql = """
        UPDATE collection.collection_runs
        SET finished_at = now(), outcome = 'failed', error = @error
        WHERE kind = @kind AND outcome = 'running'
        """;

    public const string InterruptedError =
        "Interrupted before its outcome was recorded (the host stopped or the database was unreachable).";

    public async Task<long> StartAsync(string kind, string source, long? siteId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(StartSql, new { kind, source, siteId, from, to }, cancellationToken: ct));
    }

    public async Task CompleteAsync(long id, RunCounts counts, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(CompleteSql, new { id, counts.Accepted, counts.Flagged, counts.Rejected, counts.Imputed, counts.QualityScore }, cancellationToken: ct));
    }

    /// <summary>
    /// Marks the runs of <paramref name="kind"/> still open as failed: a run that lost its database (or its host) could
    /// not record its end. Only for a kind whose runs never overlap (a job under DisableConcurrentExecution), called
    /// before it starts a run; returns how many it closed.
    /// </summary>
    public async Task<int> CloseInterruptedAsync(string kind, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(CloseInterruptedSql, new { kind, error = InterruptedError }, cancellationToken: ct));
    }

    /// <summary>Records the failure even when the job's own token is already cancelled.</summary>
    public async Task FailAsync(long id, RunCounts countsSoFar, string error)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(new CommandDefinition(FailSql, new
        {
            id, countsSoFar.Accepted, countsSoFar.Flagged, countsSoFar.Rejected, countsSoFar.Imputed,
            error = error.Length > 2000 ? error[..2000] : error,
        }));
    }
}
