using System.Collections.Concurrent;
using Dapper;
using Npgsql;
using SolarSync.Modules.Devices.IngestTelemetry;

namespace SolarSync.Modules.Devices.Data;

/// <summary>A reading to store, with the device and site it belongs to.</summary>
internal sealed record DeviceReading(string DeviceId, long SiteId, TelemetryReading Reading);

/// <summary>What one batch did to a device's counters.</summary>
internal sealed record DeviceTally(string DeviceId, int Stored, int Duplicate, int Quarantined, DateTimeOffset LastSeenAt, DateTimeOffset? LastPayloadAt);

/// <summary>
/// Stores telemetry readings, in one transaction per batch: the readings (once per device and timestamp), the site-hours
/// they touch (for the hourly roll-up) and the devices' counters, so the counters always agree with what is stored.
/// </summary>
internal sealed class ReadingRepository(NpgsqlDataSource dataSource)
{
    private const string EnsurePartitionsSql = "SELECT public.ensure_monthly_partitions('devices.readings', @from, @to)";

    // A redelivered message repeats its (device, timestamp): DO NOTHING keeps the first, and RETURNING tells which rows
    // were new. Only new rows mark their hour for the roll-up.
    private const string InsertSql = """
        WITH inserted AS (
            INSERT INTO devices.readings (device_id, ts, site_id, power_kw, ghi, temp_c, wind_speed, wind_dir)
            SELECT * FROM unnest(@deviceIds, @timestamps, @siteIds, @power, @ghi, @temp, @windSpeed, @windDir)
            ON CONFLICT (device_id, ts) DO NOTHING
            RETURNING device_id, ts, site_id
        ), pending AS (
            INSERT INTO devices.pending_hours (site_id, hour)
            SELECT DISTINCT site_id, date_trunc('hour', ts, 'UTC') FROM inserted
            ON CONFLICT (site_id, hour) DO UPDATE SET touched_at = clock_timestamp()
        )
        SELECT device_id, ts FROM inserted
        """;

    private const string CountersSql = """
        UPDATE devices.devices d SET
            messages_stored = d.messages_stored + t.stored,
            messages_duplicate = d.messages_duplicate + t.duplicate,
            messages_quarantined = d.messages_quarantined + t.quarantined,
            last_seen_at = greatest(d.last_seen_at, t.seen),
            last_payload_at = greatest(d.last_payload_at, t.payload)
        FROM unnest(@deviceIds, @stored, @duplicate, @quarantined, @seen, @payload) AS t(device_id, stored, duplicate, quarantined, seen, payload)
        WHERE d.device_id = t.device_id
        """;

    // Months whose partition exists; creating one takes a lock on the parent, so it is done once per month and process.
    private readonly ConcurrentDictionary<DateTime, bool> monthsReady = new();

    /// <returns>The (device, timestamp) keys that were new; the others were already stored.</returns>
    public async Task<HashSet<(string DeviceId, DateTimeOffset Ts)>> StoreAsync(
        IReadOnlyList<DeviceReading> readings, Func<HashSet<(string, DateTimeOffset)>, IReadOnlyList<DeviceTally>> tallies, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await EnsurePartitionsAsync(conn, readings, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var stored = new HashSet<(string, DateTimeOffset)>();
        if (readings.Count > 0)
        {
            var args = new
            {
                deviceIds = readings.Select(r => r.DeviceId).ToArray(),
                timestamps = readings.Select(r => r.Reading.Timestamp).ToArray(),
                siteIds = readings.Select(r => r.SiteId).ToArray(),
                power = readings.Select(r => r.Reading.PowerKw).ToArray(),
                ghi = readings.Select(r => r.Reading.GhiWm2).ToArray(),
                temp = readings.Select(r => r.Reading.TempC).ToArray(),
                windSpeed = readings.Select(r => r.Reading.WindSpeedMs).ToArray(),
                windDir = readings.Select(r => r.Reading.WindDirDeg).ToArray(),
            };
            var rows = await conn.QueryAsync<(string DeviceId, DateTime Ts)>(new CommandDefinition(InsertSql, args, tx, cancellationToken: ct));
            foreach (var (deviceId, ts) in rows) stored.Add((deviceId, new DateTimeOffset(DateTime.SpecifyKind(ts, DateTimeKind.Utc))));
        }

        var counts = tallies(stored);
        if (counts.Count > 0)
        {
            var args = new
            {
                deviceIds = counts.Select(c => c.DeviceId).ToArray(),
                stored = counts.Select(c => (long)c.Stored).ToArray(),
                duplicate = counts.Select(c => (long)c.Duplicate).ToArray(),
                quarantined = counts.Select(c => (long)c.Quarantined).ToArray(),
                seen = counts.Select(c => c.LastSeenAt).ToArray(),
                payload = counts.Select(c => c.LastPayloadAt).ToArray(),
            };
            await conn.ExecuteAsync(new CommandDefinition(CountersSql, args, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return stored;
    }

    private async Task EnsurePartitionsAsync(NpgsqlConnection conn, IReadOnlyList<DeviceReading> readings, CancellationToken ct)
    {
        var months = readings.Select(r => MonthOf(r.Reading.Timestamp)).Distinct().Where(m => !monthsReady.ContainsKey(m)).ToList();
        foreach (var month in months)
        {
            var from = new DateTimeOffset(month, TimeSpan.Zero);
            await conn.ExecuteAsync(new CommandDefinition(EnsurePartitionsSql, new { from, to = from }, cancellationToken: ct));
            monthsReady[month] = true;
        }
    }

    private static DateTime MonthOf(DateTimeOffset ts) => new(ts.UtcDateTime.Year, ts.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
}
