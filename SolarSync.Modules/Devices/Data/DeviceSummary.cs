using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SolarSync.Modules.Devices.Contracts;

namespace SolarSync.Modules.Devices.Data;

/// <summary>Devices per site from devices.devices; online as in GET /api/iot/devices (last message within the window).</summary>
internal sealed class DeviceSummary(NpgsqlDataSource dataSource, IOptions<DevicesOptions> options, TimeProvider clock) : IDeviceSummary
{
    private const string Sql = """
        SELECT site_id, count(*)::integer AS total, count(*) FILTER (WHERE last_seen_at >= @since)::integer AS online
        FROM devices.devices GROUP BY site_id
        """;

    // A device never heard from counts from its registration, so a new one has the same grace period.
    private const string OfflineSql = """
        SELECT device_id, site_id, registered_at, last_seen_at FROM devices.devices
        WHERE coalesce(last_seen_at, registered_at) < @since
        ORDER BY device_id
        """;

    public async Task<IReadOnlyDictionary<long, SiteDevices>> BySiteAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.OfflineAfterMinutes);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<SiteDevices>(new CommandDefinition(Sql, new { since }, cancellationToken: ct));
        return rows.ToDictionary(r => r.SiteId);
    }

    public async Task<IReadOnlyList<OfflineDevice>> OfflineAsync(DateTimeOffset now, CancellationToken ct)
    {
        var minutes = options.Value.OfflineAfterMinutes;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string DeviceId, long SiteId, DateTime RegisteredAt, DateTime? LastSeenAt)>(
            new CommandDefinition(OfflineSql, new { since = now - TimeSpan.FromMinutes(minutes) }, cancellationToken: ct));
        return rows.Select(r => new OfflineDevice(r.DeviceId, r.SiteId, Utc(r.RegisteredAt), r.LastSeenAt is { } seen ? Utc(seen) : null, minutes)).ToList();
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
