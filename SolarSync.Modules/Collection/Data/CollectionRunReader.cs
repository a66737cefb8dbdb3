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

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private sealed record RunRow(
        long Id, string Kind, string Source, long? SiteId, DateTime StartedAt, DateTime? FinishedAt, string Outcome,
        int RowsAccepted, int RowsRejected, double? QualityScore, string? Error);
}
