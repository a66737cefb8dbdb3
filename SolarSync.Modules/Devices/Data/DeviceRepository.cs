using Dapper;
using Npgsql;
using SolarSync.Modules.Devices.Domain;

namespace SolarSync.Modules.Devices.Data;

/// <summary>The device registry (devices.devices).</summary>
internal sealed class DeviceRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        device_id, device_type, site_id, registered_at, last_seen_at, last_payload_at,
        messages_stored, messages_duplicate, messages_quarantined
        """;

    private const string InsertSql = $"""
        INSERT INTO devices.devices (device_id, device_type, site_id) VALUES (@deviceId, @deviceType, @siteId)
        ON CONFLICT (device_id) DO NOTHING
        RETURNING {Columns}
        """;

    private const string FindSql = $"SELECT {Columns} FROM devices.devices WHERE device_id = @deviceId";

    private const string PageSql = $"SELECT {Columns} FROM devices.devices ORDER BY device_id OFFSET @offset LIMIT @limit";

    private const string CountSql = "SELECT count(*) FROM devices.devices";

    private const string AllSql = $"SELECT {Columns} FROM devices.devices";

    private const string DeleteSql = "DELETE FROM devices.devices WHERE device_id = @deviceId";

    /// <summary>Inserts the device, or returns null when the id is taken.</summary>
    public async Task<Device?> TryAddAsync(string deviceId, DeviceType type, long siteId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<DeviceRow>(new CommandDefinition(InsertSql,
            new { deviceId, deviceType = type.ToDbName(), siteId }, cancellationToken: ct));
        return row?.ToDevice();
    }

    public async Task<Device?> FindAsync(string deviceId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<DeviceRow>(new CommandDefinition(FindSql, new { deviceId }, cancellationToken: ct));
        return row?.ToDevice();
    }

    /// <summary>One page in device id order, and how many devices there are in all.</summary>
    public async Task<(IReadOnlyList<Device> Page, long Total)> PageAsync(int offset, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<DeviceRow>(new CommandDefinition(PageSql, new { offset, limit }, cancellationToken: ct));
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: ct));
        return (rows.Select(r => r.ToDevice()).ToList(), total);
    }

    public async Task<IReadOnlyList<Device>> AllAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<DeviceRow>(new CommandDefinition(AllSql, cancellationToken: ct));
        return rows.Select(r => r.ToDevice()).ToList();
    }

    /// <returns>False when no such device was registered.</returns>
    public async Task<bool> DeleteAsync(string deviceId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(DeleteSql, new { deviceId }, cancellationToken: ct)) > 0;
    }

    private sealed record DeviceRow(
        string DeviceId, string DeviceType, long SiteId, DateTime RegisteredAt, DateTime? LastSeenAt, DateTime? LastPayloadAt,
        long MessagesStored, long MessagesDuplicate, long MessagesQuarantined)
    {
        public Device ToDevice() => new(DeviceId, DeviceTypes.Parse(DeviceType), SiteId, Utc(RegisteredAt),
            LastSeenAt is { } seen ? Utc(seen) : null, LastPayloadAt is { } payload ? Utc(payload) : null,
            MessagesStored, MessagesDuplicate, MessagesQuarantined);

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
    }
}
