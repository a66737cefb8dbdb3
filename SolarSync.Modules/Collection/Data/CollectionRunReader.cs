using Dapper;
using Npgsql;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Data;

/// <summary>Read-only views of collection.collection_runs and of the newest stored hours.</summary>
internal sealed class CollectionRunReader(NpgsqlDataSource dataSource) : ICollectionRuns
{
    private const string RecentSql = """
        SELECT id, kind, source, site_id, started_at, finished_at, outcome, rows_accepted, rows_rejected, quality_score, error
        FROM collection.collection_runs ORDER BY id DESC LIMIT @limit
        """;

    // One index probe per site and source (UNIQUE (site_id, source, ts)) instead of scanning every stored hour.
    private const string LastSql = """
        SELECT s.site_id, max(l.ts) AS ts
        FROM unnest(@siteIds) AS s(site_id)
        CROSS JOIN unnest(@sources) AS src(source)
        CROSS JOIN LATERAL (SELECT max(o.ts) AS ts FROM collection.observations o
                            WHERE o.site_id = s.site_id AND o.source = src.source) l
        GROUP BY s.site_id
        HAVING max(l.ts) IS NOT NULL
        """;

    // A group's streak: its finished runs newer than its newest success (all of them when it never succeeded), provided
    // the newest one failed. Imports are files a user sent; a bad file is their answer, not an outage.
    private const string FailureStreaksSql = """
        WITH finished AS (
            SELECT id, kind, source, site_id, finished_at, outcome, error
            FROM collection.collection_runs
            WHERE outcome <> 'running' AND kind <> 'import' AND started_at >= @since
        ), last_success AS (
            SELECT kind, source, site_id, max(id) AS id FROM finished WHERE outcome = 'succeeded' GROUP BY kind, source, site_id
        )
        SELECT f.kind, f.source, f.site_id, count(*)::integer AS failures, max(f.finished_at) AS last_failed_at,
               (array_agg(f.error ORDER BY f.id DESC))[1] AS last_error
        FROM finished f
        LEFT JOIN last_success s ON s.kind = f.kind AND s.source = f.source AND s.site_id IS NOT DISTINCT FROM f.site_id
        WHERE f.outcome = 'failed' AND f.id > coalesce(s.id, 0)
        GROUP BY f.kind, f.source, f.site_id
        """;

    public async Task<IReadOnlyList<CollectionRunSummary>> RecentAsync(int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<RunRow>(new CommandDefinition(RecentSql, new { limit }, cancellationToken: ct));
        return rows.Select(r => new CollectionRunSummary(r.Id, r.Kind, r.Source, r.SiteId, Utc(r.StartedAt), r.FinishedAt is { } f ? Utc(f) : null,
            r.Outcome, r.RowsAccepted, r.RowsRejected, r.QualityScore, r.Error)).ToList();
    }

    public async Task<IReadOnlyDictionary<long, DateTimeOffset>> LastObservationsAsync(IReadOnlyCollection<long> siteIds, CancellationToken ct)
    {
        if (siteIds.Count == 0) return new Dictionary<long, DateTimeOffset>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long SiteId, DateTime Ts)>(new CommandDefinition(LastSql,
            new { siteIds = siteIds.ToArray(), sources = ObservationSources.ByPrecedence.ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.SiteId, r => Utc(r.Ts));
    }

    public async Task<IReadOnlyList<CollectionFailureStreak>> FailureStreaksAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<StreakRow>(new CommandDefinition(FailureStreaksSql, new { since }, cancellationToken: ct));
        return rows.Select(r => new CollectionFailureStreak(r.Kind, r.Source, r.SiteId, r.Failures, Utc(r.LastFailedAt), r.LastError)).ToList();
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private sealed record RunRow(
        long Id, string Kind, string Source, long? SiteId, DateTime StartedAt, DateTime? FinishedAt, string Outcome,
        int RowsAccepted, int RowsRejected, double? QualityScore, string? Error);

    private sealed record StreakRow(string Kind, string Source, long? SiteId, int Failures, DateTime LastFailedAt, string? LastError);
}
