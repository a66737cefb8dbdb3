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

    public async Task<IReadOnlyDictionary<long, SiteDevices>> BySiteAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.OfflineAfterMinutes);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<SiteDevices>(new CommandDefinition(Sql, new { since }, cancellationToken: ct));
        return rows.ToDictionary(r => r.SiteId);
    }
}
