using Dapper;
using Npgsql;

namespace SolarSync.Modules.Prediction.Intervals;

/// <summary>A model version's adapted interval width at one site, and the last UTC day it was adapted on.</summary>
internal sealed record IntervalWidth(long SiteId, string ModelVersion, double Width, DateOnly ThroughDay, int Hours, int Misses);

/// <summary>prediction.interval_widths.</summary>
internal sealed class IntervalWidthRepository(NpgsqlDataSource dataSource)
{
    private const string ReadSql = """
        SELECT site_id, model_version, width, through_day, hours, misses FROM prediction.interval_widths
        WHERE site_id = @siteId
        """;

    private const string UpsertSql = """
        INSERT INTO prediction.interval_widths (site_id, model_version, width, through_day, hours, misses)
        VALUES (@SiteId, @ModelVersion, @Width, @ThroughDay, @Hours, @Misses)
        ON CONFLICT (site_id, model_version) DO UPDATE SET
            width = EXCLUDED.width, through_day = EXCLUDED.through_day, hours = EXCLUDED.hours, misses = EXCLUDED.misses, updated_at = now()
        """;

    private const string DeleteStaleSql = """
        DELETE FROM prediction.interval_widths WHERE site_id = @siteId AND through_day < @before
        """;

    /// <summary>Every model version's width at the site, by version.</summary>
    public async Task<IReadOnlyDictionary<string, IntervalWidth>> ReadAsync(long siteId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<IntervalWidth>(new CommandDefinition(ReadSql, new { siteId }, cancellationToken: ct));
        return rows.ToDictionary(r => r.ModelVersion);
    }

    public async Task SaveAsync(IntervalWidth width, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(UpsertSql, width, cancellationToken: ct));
    }

    /// <summary>Removes the widths of versions last adapted before <paramref name="before"/>.</summary>
    public async Task DeleteStaleAsync(long siteId, DateOnly before, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(DeleteStaleSql, new { siteId, before }, cancellationToken: ct));
    }
}
