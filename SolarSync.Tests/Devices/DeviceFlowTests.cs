using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Devices.PublishForecasts;
using SolarSync.Tests.Infrastructure;
using static SolarSync.Tests.Devices.DevicesTestKit;

namespace SolarSync.Tests.Devices;

/// <summary>The whole loop a plant owner sees: register over HTTP, publish telemetry, get hourly rows and a forecast back.</summary>
public sealed class DeviceFlowTests : HostTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Devices:HourlyRollupSeconds"] = "1" };

    [TearDown]
    public async Task ClearRetainedForecastAsync()
    {
        await using var client = await MqttTestClient.ConnectAsync(TestServices.MqttPort);
        await client.PublishAsync("solar/inv-flow/forecast", [], retain: true);
    }

    [Test]
    public async Task A_registered_device_publishes_a_day_and_receives_a_48_hour_forecast_back()
    {
        var registered = await Admin.PostAsJsonAsync("/api/iot/devices/register", new JsonObject
        {
            ["device_id"] = "inv-flow",
            ["device_type"] = "solar_inverter",
            ["location"] = new JsonObject { ["lat"] = 39.742, ["lng"] = -105.179 },
            ["system_capacity_kw"] = 400,
        });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        var site = (await registered.Content.ReadFromJsonAsync<JsonObject>())!["site_id"]!.GetValue<long>();

        await using (var device = await MqttTestClient.ConnectAsync(TestServices.MqttPort))
        {
            var day = Yesterday;
            for (var h = 0; h < 24; h++)
            for (var m = 0; m < 60; m += 5)
                await device.PublishAsync("solar/inv-flow/data", Payload(day.AddHours(h).AddMinutes(m), 3 * h + (m % 10 == 0 ? 1 : 2)));
        }
        await WaitForCountAsync(ReadingsOfDevice, new { device = "inv-flow" }, 288);
        await WaitForRollupAsync();
        var hours = await QueryAsync<(DateTime Ts, double PowerKw)>(
            "SELECT ts, power_kw FROM collection.observations WHERE site_id = @site AND source = 'telemetry' ORDER BY ts", new { site });
        Assert.That(hours, Has.Count.EqualTo(24), "one row per hour");
        // Half the readings are 3h + 1, half 3h + 2.
        Assert.That(hours.Select(h => h.PowerKw), Is.EqualTo(Enumerable.Range(0, 24).Select(h => 3 * h + 1.5)).Within(1e-9));

        var view = await Admin.GetFromJsonAsync<JsonObject>("/api/iot/devices/inv-flow");
        Assert.That(view!["messages_stored"]!.GetValue<long>(), Is.EqualTo(288));
        Assert.That(view["online"]!.GetValue<bool>(), Is.True);
        var metrics = await App.CreateClient().GetStringAsync("/metrics");
        Assert.That(metrics, Does.Match("(?m)^solarsync_devices_online(\\{[^}]*\\})? 1( |$)"), "the one device is online");
        Assert.That(metrics, Does.Match("(?m)^solarsync_mqtt_ingest_latency_seconds_count(\\{[^}]*\\})? 288( |$)"), "one latency per stored reading");

        await using (var scope = App.Scope())
            await scope.ServiceProvider.GetRequiredService<PublishForecastsJob>().RunAsync(CancellationToken.None);
        await using var subscriber = await MqttTestClient.ConnectAsync(TestServices.MqttPort);
        var forecast = await subscriber.FirstMessageAsync("solar/inv-flow/forecast", TimeSpan.FromSeconds(10));
        Assert.That(forecast, Is.Not.Null, "a retained forecast for the device");
        var body = JsonNode.Parse(Encoding.UTF8.GetString(forecast!.Payload))!;
        Assert.That(body["points"]!.AsArray(), Has.Count.EqualTo(48));
        Assert.That(body["site"]!["id"]!.GetValue<long>(), Is.EqualTo(site));
        Assert.That(body["metadata"]!["history_hours"]!.GetValue<int>(), Is.GreaterThan(0), "the forecast read the stored telemetry");
    }
}
