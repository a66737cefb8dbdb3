using Dapper;
using Npgsql;

namespace SolarSync.Modules.Models.Registry;

/// <summary>
/// The model_versions table. Promotion and rollback each run in one transaction under a per-type advisory lock, and a
/// unique index allows one Production row per type, so concurrent admins cannot leave two (or none by accident).
/// </summary>
internal sealed class ModelRegistry(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = """
        model_type, version, status, run_id, metrics::text AS metrics_json, test_nmae, created_at, promoted_at, rolled_back_at, family
        """;

    public async Task RegisterCandidateAsync(string type, string version, string family, long? runId, string metricsJson, double testNmae, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO training.model_versions (model_type, version, status, run_id, metrics, test_nmae, created_at, family)
            VALUES (@type, @version, 'candidate', @runId, @metricsJson::jsonb, @testNmae, @now, @family)
            """, new { type, version, family, runId, metricsJson, testNmae, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>Every version, newest first; of one type when given.</summary>
    public async Task<IReadOnlyList<ModelVersion>> HistoryAsync(string? type, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM training.model_versions
            WHERE @type::text IS NULL OR model_type = @type ORDER BY created_at DESC, version DESC
            """, new { type }, cancellationToken: ct));
        return rows.Select(r => r.ToVersion()).ToList();
    }

    public async Task<ModelVersion?> FindAsync(string type, string version, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM training.model_versions WHERE model_type = @type AND version = @version",
            new { type, version }, cancellationToken: ct));
        return row?.ToVersion();
    }

    public async Task<ModelVersion?> ProductionAsync(string type, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM training.model_versions WHERE model_type = @type AND status = 'production'",
            new { type }, cancellationToken: ct));
        return row?.ToVersion();
    }

    /// <summary>Makes the version Production and archives the one it replaces; null when the version is unknown.</summary>
    public async Task<ModelVersion?> PromoteAsync(string type, string version, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, type, ct);
        var found = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM training.model_versions WHERE model_type = @type AND version = @version", new { type, version }, tx, cancellationToken: ct));
        if (found == 0) return null;
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE training.model_versions SET status = 'archived' WHERE model_type = @type AND status = 'production' AND version <> @version;
            UPDATE training.model_versions SET status = 'production', promoted_at = @now, rolled_back_at = NULL
            WHERE model_type = @type AND version = @version;
            """, new { type, version, now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return await FindAsync(type, version, ct);
    }

    /// <summary>
    /// Archives the current Production and restores the most recently promoted earlier version that was not itself
    /// rolled back. Null (nothing changed) when there is no Production or no earlier version to return to.
    /// </summary>
    public async Task<(ModelVersion From, ModelVersion To)?> RollbackAsync(string type, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, type, ct);
        var current = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM training.model_versions WHERE model_type = @type AND status = 'production'", new { type }, tx, cancellationToken: ct));
        if (current is null) return null;
        var previous = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM training.model_versions
            WHERE model_type = @type AND status = 'archived' AND promoted_at IS NOT NULL AND rolled_back_at IS NULL
              AND promoted_at < @promotedAt
            ORDER BY promoted_at DESC LIMIT 1
            """, new { type, promotedAt = current.PromotedAt }, tx, cancellationToken: ct));
        if (previous is null) return null;
        var now = clock.GetUtcNow();
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE training.model_versions SET status = 'archived', rolled_back_at = @now WHERE model_type = @type AND version = @from;
            UPDATE training.model_versions SET status = 'production' WHERE model_type = @type AND version = @to;
            """, new { type, from = current.Version, to = previous.Version, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (current.ToVersion() with { Status = ModelStatus.Archived, RolledBackAt = now }, previous.ToVersion() with { Status = ModelStatus.Production });
    }

    private static Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string type, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext('training.registry.' || @type))", new { type }, tx, cancellationToken: ct));

    private sealed record Row(
        string ModelType, string Version, string Status, long? RunId, string MetricsJson, double TestNmae,
        DateTime CreatedAt, DateTime? PromotedAt, DateTime? RolledBackAt, string Family)
    {
        public ModelVersion ToVersion() => new(ModelType, Version, Status, RunId, MetricsJson, TestNmae,
            Utc(CreatedAt), PromotedAt is { } p ? Utc(p) : null, RolledBackAt is { } r ? Utc(r) : null, Family);

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
    }
}
