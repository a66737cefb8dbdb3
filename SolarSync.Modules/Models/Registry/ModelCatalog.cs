using Dapper;
using Npgsql;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Registry;

/// <summary>Read-only views of training.model_versions and training.training_runs for other modules.</summary>
internal sealed class ModelCatalog(NpgsqlDataSource dataSource) : IModelCatalog
{
    // The metrics document is the retrain's (RetrainPipeline.MetricsDocument): models.solarsync and
    // models.smart-persistence hold the test scores, gate.passes the promotion gate's verdict.
    private const string VersionsSql = """
        SELECT model_type, version, status, test_nmae,
               (metrics #>> '{models,solarsync,nrmse}')::double precision AS test_nrmse,
               (metrics #>> '{models,solarsync,coverage80}')::double precision AS test_coverage80,
               (metrics #>> '{models,smart-persistence,nmae}')::double precision AS smart_persistence_nmae,
               (metrics ->> 'test_hours')::integer AS test_hours,
               (metrics #>> '{gate,passes}')::boolean AS passed_gate,
               created_at, promoted_at, rolled_back_at, family
        FROM (SELECT *, row_number() OVER (PARTITION BY model_type ORDER BY created_at DESC, version DESC) AS n
              FROM training.model_versions) v
        WHERE n <= @perType OR status = 'production'
        ORDER BY model_type, created_at DESC, version DESC
        """;

    private const string RunsSql = """
        SELECT id, model_type, status, version, outcome, error, started_at, finished_at
        FROM training.training_runs ORDER BY id DESC LIMIT @limit
        """;

    // A promotion stamps promoted_at, a rollback rolled_back_at; a version promoted again keeps only its newest.
    private const string EventsSql = """
        SELECT e.model_type, e.version, e.kind, e.at,
               (SELECT p.version FROM training.model_versions p WHERE p.model_type = e.model_type AND p.status = 'production') AS serving_version
        FROM (SELECT model_type, version, 'promoted' AS kind, promoted_at AS at FROM training.model_versions WHERE promoted_at >= @since
              UNION ALL
              SELECT model_type, version, 'rolled_back', rolled_back_at FROM training.model_versions WHERE rolled_back_at >= @since) e
        ORDER BY e.at, e.version
        """;

    private const string LatestFinishedRunsSql = """
        SELECT DISTINCT ON (model_type) id, model_type, status, version, outcome, error, started_at, finished_at
        FROM training.training_runs WHERE status <> 'running'
        ORDER BY model_type, id DESC
        """;

    public async Task<IReadOnlyList<ModelVersionSummary>> VersionsAsync(int perType, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<VersionRow>(new CommandDefinition(VersionsSql, new { perType }, cancellationToken: ct));
        return rows.Select(r => new ModelVersionSummary(PlantTypes.Parse(r.ModelType), r.Version, r.Status, r.TestNmae, r.TestNrmse,
            r.TestCoverage80, r.SmartPersistenceNmae, r.TestHours, r.PassedGate, Utc(r.CreatedAt), Utc(r.PromotedAt), Utc(r.RolledBackAt), r.Family)).ToList();
    }

    public async Task<IReadOnlyList<TrainingRunSummary>> RecentRunsAsync(int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<RunRow>(new CommandDefinition(RunsSql, new { limit }, cancellationToken: ct));
        return rows.Select(r => new TrainingRunSummary(r.Id, PlantTypes.Parse(r.ModelType), r.Status, r.Version, r.Outcome, r.Error,
            Utc(r.StartedAt), Utc(r.FinishedAt))).ToList();
    }

    public async Task<IReadOnlyList<RegistryEvent>> EventsSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<EventRow>(new CommandDefinition(EventsSql, new { since }, cancellationToken: ct));
        return rows.Select(r => new RegistryEvent(PlantTypes.Parse(r.ModelType), r.Version, r.Kind, Utc(r.At), r.ServingVersion)).ToList();
    }

    public async Task<IReadOnlyList<TrainingRunSummary>> LatestFinishedRunsAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<RunRow>(new CommandDefinition(LatestFinishedRunsSql, cancellationToken: ct));
        return rows.Select(r => new TrainingRunSummary(r.Id, PlantTypes.Parse(r.ModelType), r.Status, r.Version, r.Outcome, r.Error,
            Utc(r.StartedAt), Utc(r.FinishedAt))).ToList();
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? Utc(v) : null;

    private sealed record VersionRow(
        string ModelType, string Version, string Status, double TestNmae, double? TestNrmse, double? TestCoverage80,
        double? SmartPersistenceNmae, int? TestHours, bool? PassedGate, DateTime CreatedAt, DateTime? PromotedAt, DateTime? RolledBackAt, string Family);

    private sealed record RunRow(
        long Id, string ModelType, string Status, string? Version, string? Outcome, string? Error, DateTime StartedAt, DateTime? FinishedAt);

    private sealed record EventRow(string ModelType, string Version, string Kind, DateTime At, string? ServingVersion);
}
