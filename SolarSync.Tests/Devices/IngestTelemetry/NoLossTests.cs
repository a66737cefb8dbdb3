using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Tests.Infrastructure;
using static SolarSync.Tests.Devices.DevicesTestKit;

namespace SolarSync.Tests.Devices.IngestTelemetry;

/// <summary>
/// Nothing published at QoS 1 is lost or stored twice while the host is stopped mid-burst and the broker restarts: the
/// host's persistent session keeps the messages at the broker, which saves them across its restart, and the host
/// acknowledges only what it stored.
/// </summary>
[NonParallelizable]
public sealed class NoLossTests
{
    private const int Messages = 10_000;

    [Test]
    public async Task Ten_thousand_messages_survive_a_host_stop_and_a_broker_restart_and_are_stored_exactly_once()
    {
        using var broker = await PrivateMosquitto.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Devices:Mqtt:Port"] = broker.Port.ToString(),
            ["Devices:Mqtt:ClientId"] = "solarsync-noloss-" + Guid.NewGuid().ToString("N")[..8],
            ["Devices:Mqtt:SessionExpirySeconds"] = "600",
        };
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        string Reading(int i) => Payload(start.AddSeconds(10 * i), (i % 1000) / 10.0);

        var first = await SolarSyncApp.StartAsync(settings);
        await first.ResetAsync();
        await WaitUntilSubscribedAsync(first);
        long site;
        using (var admin = first.CreateClient(SolarSyncApp.AdminKey)) site = await CreateSiteAsync(admin, "No-loss PV", "solar", 1000);
        await RegisterAsync(first, "inv-noloss", DeviceType.SolarInverter, site);

        await using var device = await MqttTestClient.ConnectAsync(broker.Port);
        for (var i = 0; i < 2000; i++) await device.PublishAsync("solar/inv-noloss/data", Reading(i));
        // The host stops while the burst goes on: whatever it had not stored stays unacknowledged at the broker.
        var stopping = first.DisposeAsync().AsTask();
        for (var i = 2000; i < 6000; i++) await device.PublishAsync("solar/inv-noloss/data", Reading(i));
        await stopping;

        await broker.RestartAsync();
        for (var i = 6000; i < Messages; i++)
            await device.PublishUntilAcceptedAsync("solar/inv-noloss/data", Reading(i), TimeSpan.FromSeconds(30));

        await using var second = await SolarSyncApp.StartAsync(settings);
        await WaitForCountAsync(ReadingsOfDevice, new { device = "inv-noloss" }, Messages, TimeSpan.FromSeconds(90));
        var stored = (await QueryAsync<(long Count, long Distinct, double Sum)>(
            "SELECT count(*), count(DISTINCT ts), sum(power_kw) FROM devices.readings WHERE device_id = 'inv-noloss'")).Single();
        var expectedSum = Enumerable.Range(0, Messages).Sum(i => (i % 1000) / 10.0);
        Assert.Multiple(() =>
        {
            Assert.That(stored.Count, Is.EqualTo(Messages));
            Assert.That(stored.Distinct, Is.EqualTo(Messages));
            Assert.That(stored.Sum, Is.EqualTo(expectedSum).Within(1e-6));
        });
        var counters = (await QueryAsync<(long Stored, long Duplicate)>(
            "SELECT messages_stored, messages_duplicate FROM devices.devices WHERE device_id = 'inv-noloss'")).Single();
        Assert.That(counters.Stored, Is.EqualTo(Messages), "each reading counted as stored once; redeliveries count as duplicates");
    }

    // This fixture's hosts are its own: leave no pending hours for the next fixture's host to roll up.
    [TearDown]
    public async Task EmptyDeviceTablesAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(TestServices.Postgres);
        await conn.OpenAsync();
        await using var truncate = new Npgsql.NpgsqlCommand(
            "TRUNCATE devices.devices, devices.readings, devices.pending_hours, collection.observations, sites.sites RESTART IDENTITY CASCADE", conn);
        await truncate.ExecuteNonQueryAsync();
    }

    private static async Task WaitUntilSubscribedAsync(SolarSyncApp app)
    {
        var connection = app.Services.GetRequiredService<MqttConnection>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!connection.IsSubscribed && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.That(connection.IsSubscribed, Is.True, "the host subscribes to the telemetry topics");
    }
}
