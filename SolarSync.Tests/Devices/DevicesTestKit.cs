using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Devices;

/// <summary>Sites, devices and telemetry payloads for the device tests, and waiting for what the host stores.</summary>
internal static class DevicesTestKit
{
    public static async Task<long> CreateSiteAsync(HttpClient admin, string name, string type, double capacityKw)
    {
        var body = new JsonObject { ["name"] = name, ["type"] = type, ["latitude"] = 39.74, ["longitude"] = -105.18, ["capacity_kw"] = capacityKw };
        if (type == "wind") body["hub_height_m"] = 80;
        if (type == "load") body["country"] = "US";
        var response = await admin.PostAsJsonAsync("/api/v1/sites", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    /// <summary>Registers straight in the registry (the HTTP registration has tests of its own).</summary>
    public static async Task RegisterAsync(SolarSyncApp app, string deviceId, DeviceType type, long siteId)
    {
        var added = await app.Services.GetRequiredService<DeviceRepository>().TryAddAsync(deviceId, type, siteId, CancellationToken.None);
        Assert.That(added, Is.Not.Null, $"device {deviceId} should be new");
        app.Services.GetRequiredService<DeviceDirectory>().Invalidate();
    }

    public static string Payload(DateTimeOffset ts, double powerKw, string extra = "") =>
        $"{{\"timestamp\":\"{ts.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z\",\"power_kw\":{powerKw.ToString("R", CultureInfo.InvariantCulture)}{extra}}}";

    /// <summary>Yesterday 00:00 UTC: a whole day that is over, so every hour of it is due at once.</summary>
    public static DateTimeOffset Yesterday => new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1);

    public static async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException($"No value from {sql}");
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return (await conn.QueryAsync<T>(sql, args)).ToList();
    }

    /// <summary>Polls a count until it reaches <paramref name="expected"/>; fails with the last value after the timeout.</summary>
    public static async Task WaitForCountAsync(string sql, object? args, long expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        long count;
        while ((count = await ScalarAsync<long>(sql, args)) < expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.That(count, Is.EqualTo(expected), $"waiting for: {sql}");
    }

    /// <summary>Waits until no site-hour awaits its hourly mean (the tests publish past hours only, all due at once).</summary>
    public static async Task WaitForRollupAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long pending;
        while ((pending = await ScalarAsync<long>("SELECT count(*) FROM devices.pending_hours")) > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.That(pending, Is.Zero, "site-hours still waiting for the hourly roll-up");
    }

    public const string ReadingsOfDevice = "SELECT count(*) FROM devices.readings WHERE device_id = @device";
    public const string TelemetryHoursOfSite = "SELECT count(*) FROM collection.observations WHERE site_id = @site AND source = 'telemetry'";
}
