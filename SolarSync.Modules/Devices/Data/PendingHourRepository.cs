using Dapper;
using Npgsql;

namespace SolarSync.Modules.Devices.Data;

/// <summary>A site-hour whose readings changed, as of <see cref="TouchedAt"/>.</summary>
internal sealed record PendingHour(long SiteId, DateTimeOffset Hour, DateTimeOffset TouchedAt);

/// <summary>The hourly means of a site-hour over its devices: power summed over devices (each device's mean), the rest averaged.</summary>
internal sealed record HourlyMeans(long SiteId, DateTimeOffset Hour, double? PowerKw, double? GhiWm2, double? TempC, double? WindSpeedMs, double? WindDirDeg, int Readings);

internal sealed class PendingHourRepository(NpgsqlDataSource dataSource)
{
    // An hour is due once it is over by the clock, or once the site has a reading of a later hour (the next hour has
    // started by the devices' clocks): a reading every minute and one an hour are then averaged over the same hour.
    private const string DueSql = """
        SELECT p.site_id, p.hour, p.touched_at FROM devices.pending_hours p
        WHERE p.hour + interval '1 hour' <= @now
           OR EXISTS (SELECT 1 FROM devices.readings r WHERE r.site_id = p.site_id AND r.ts >= p.hour + interval '1 hour')
        ORDER BY p.site_id, p.hour
        LIMIT @limit
        """;

    // Each device's readings are averaged over the hour first, so a device reporting every minute does not outweigh one
    // reporting every 5 minutes; a site's output is the sum of its devices' (several inverters of one plant). Wind
    // direction is a circular mean.
    private const string MeansSql = """
        SELECT site_id, hour, sum(power_kw) AS power_kw, avg(ghi) AS ghi, avg(temp_c) AS temp_c, avg(wind_speed) AS wind_speed,
               CASE WHEN count(dir_sin) > 0 THEN mod(degrees(atan2(avg(dir_sin), avg(dir_cos)))::numeric + 360, 360)::float8 END AS wind_dir,
               sum(readings)::int AS readings
        FROM (
            SELECT d.site_id, d.hour, r.device_id, avg(r.power_kw) AS power_kw, avg(r.ghi) AS ghi, avg(r.temp_c) AS temp_c,
                   avg(r.wind_speed) AS wind_speed, avg(sin(radians(r.wind_dir))) AS dir_sin, avg(cos(radians(r.wind_dir))) AS dir_cos,
                   count(*) AS readings
            FROM unnest(@siteIds, @hours) AS d(site_id, hour)
            JOIN devices.readings r ON r.site_id = d.site_id AND r.ts >= d.hour AND r.ts < d.hour + interval '1 hour'
            GROUP BY d.site_id, d.hour, r.device_id
        ) per_device
        GROUP BY site_id, hour
        ORDER BY site_id, hour
        """;

    // An hour touched again after it was read stays pending for the next round.
    private const string ClearSql = """
        DELETE FROM devices.pending_hours p
        USING unnest(@siteIds, @hours, @touched) AS d(site_id, hour, touched_at)
        WHERE p.site_id = d.site_id AND p.hour = d.hour AND p.touched_at <= d.touched_at
        """;

    public async Task<IReadOnlyList<PendingHour>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long SiteId, DateTime Hour, DateTime TouchedAt)>(new CommandDefinition(DueSql, new { now, limit }, cancellationToken: ct));
        return rows.Select(r => new PendingHour(r.SiteId, Utc(r.Hour), Utc(r.TouchedAt))).ToList();
    }

    public async Task<IReadOnlyList<HourlyMeans>> MeansAsync(IReadOnlyList<PendingHour> hours, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var args = new { siteIds = hours.Select(h => h.SiteId).ToArray(), hours = hours.Select(h => h.Hour).ToArray() };
        var rows = await conn.QueryAsync<MeansRow>(new CommandDefinition(MeansSql, args, cancellationToken: ct));
        return rows.Select(r => new HourlyMeans(r.SiteId, Utc(r.Hour), r.PowerKw, r.Ghi, r.TempC, r.WindSpeed, r.WindDir, r.Readings)).ToList();
    }

    public async Task ClearAsync(IReadOnlyList<PendingHour> hours, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var args = new
        {
            siteIds = hours.Select(h => h.SiteId).ToArray(),
            hours = hours.Select(h => h.Hour).ToArray(),
            touched = hours.Select(h => h.TouchedAt).ToArray(),
        };
        await conn.ExecuteAsync(new CommandDefinition(ClearSql, args, cancellationToken: ct));
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private sealed record MeansRow(long SiteId, DateTime Hour, double? PowerKw, double? Ghi, double? TempC, double? WindSpeed, double? WindDir, int Readings);
}
