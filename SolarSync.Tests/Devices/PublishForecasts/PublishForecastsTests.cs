using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Modules.Devices.PublishForecasts;
using SolarSync.Tests.Infrastructure;
using static SolarSync.Tests.Devices.DevicesTestKit;

namespace SolarSync.Tests.Devices.PublishForecasts;

public sealed class PublishForecastsTests : HostTest
{
    // The shared broker keeps retained messages; the demo on the same broker should not find these.
    [TearDown]
    public async Task ClearRetainedForecastsAsync()
    {
        await using var client = await MqttTestClient.ConnectAsync(TestServices.MqttPort);
        foreach (var topic in new[] { "solar/inv-out/forecast", "wind/meter-out/forecast", "load/meter-load-out/forecast" })
            await client.PublishAsync(topic, [], retain: true);
    }

    [Test]
    public async Task Each_device_gets_its_sites_next_48_hours_retained_so_a_later_subscriber_receives_them()
    {
        var solar = await CreateSiteAsync(Admin, "Forecast PV", "solar", 300);
        var wind = await CreateSiteAsync(Admin, "Forecast WT", "wind", 2000);
        await RegisterAsync(App, "inv-out", DeviceType.SolarInverter, solar);
        await RegisterAsync(App, "meter-out", DeviceType.Meter, wind);

        var result = await RunJobAsync();

        Assert.That(result, Is.EqualTo(new PublishResult(Published: 2, Failed: 0, WithoutForecast: 0)));
        await using var observer = await MqttTestClient.ConnectAsync(TestServices.MqttPort);
        var solarMessage = await observer.FirstMessageAsync("solar/inv-out/forecast", TimeSpan.FromSeconds(10));
        var windMessage = await observer.FirstMessageAsync("wind/meter-out/forecast", TimeSpan.FromSeconds(10));
        Assert.That(solarMessage, Is.Not.Null, "a retained forecast for the solar inverter");
        Assert.That(windMessage, Is.Not.Null, "a meter gets its site's forecast on its site type's topic");
        Assert.That(solarMessage!.Retain, Is.True);

        var forecast = JsonNode.Parse(Encoding.UTF8.GetString(solarMessage.Payload))!;
        var points = forecast["points"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(forecast["site"]!["id"]!.GetValue<long>(), Is.EqualTo(solar));
            Assert.That(forecast["type"]!.GetValue<string>(), Is.EqualTo("solar"));
            Assert.That(forecast["unit"]!.GetValue<string>(), Is.EqualTo("kW"));
            Assert.That(points, Has.Count.EqualTo(PublishForecastsJob.ForecastHours));
            Assert.That(points.Select(p => p!["p50"]!.GetValue<double>()), Has.All.InRange(0, 300));
        });
        var windForecast = JsonNode.Parse(Encoding.UTF8.GetString(windMessage!.Payload))!;
        Assert.That(windForecast["site"]!["id"]!.GetValue<long>(), Is.EqualTo(wind));
    }

    [Test]
    public async Task A_meter_at_a_load_site_gets_its_demand_forecast_on_the_load_topic()
    {
        var load = await CreateSiteAsync(Admin, "Forecast depot", "load", 80);
        await RegisterAsync(App, "meter-load-out", DeviceType.Meter, load);

        var result = await RunJobAsync();

        Assert.That(result, Is.EqualTo(new PublishResult(Published: 1, Failed: 0, WithoutForecast: 0)));
        await using var observer = await MqttTestClient.ConnectAsync(TestServices.MqttPort);
        var message = await observer.FirstMessageAsync("load/meter-load-out/forecast", TimeSpan.FromSeconds(10));
        Assert.That(message, Is.Not.Null, "a retained forecast on the load topic");
        var forecast = JsonNode.Parse(Encoding.UTF8.GetString(message!.Payload))!;
        Assert.Multiple(() =>
        {
            Assert.That(forecast["site"]!["id"]!.GetValue<long>(), Is.EqualTo(load));
            Assert.That(forecast["type"]!.GetValue<string>(), Is.EqualTo("load"));
            Assert.That(forecast["model_family"]!.GetValue<string>(), Is.EqualTo("same-hour-last-week"));
            Assert.That(forecast["points"]!.AsArray(), Has.Count.EqualTo(PublishForecastsJob.ForecastHours));
        });
    }

    [Test]
    public async Task With_no_devices_nothing_is_published()
    {
        await CreateSiteAsync(Admin, "Lonely PV", "solar", 300);

        Assert.That(await RunJobAsync(), Is.EqualTo(new PublishResult(0, 0, 0)));
    }

    private async Task<PublishResult> RunJobAsync()
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<PublishForecastsJob>().RunAsync(CancellationToken.None);
    }
}

/// <summary>A broker that cannot be reached: every attempt fails, is counted, and the job fails for Hangfire to retry.</summary>
public sealed class PublishForecastsFailureTests : HostTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Devices:Mqtt:Port"] = TestServices.FreeLoopbackPort().ToString(),
        ["Devices:PublishAttempts"] = "2",
    };

    [Test]
    public async Task Publishing_to_an_unreachable_broker_is_retried_counted_and_fails_the_job()
    {
        var site = await CreateSiteAsync(Admin, "Offline PV", "solar", 300);
        await RegisterAsync(App, "inv-offline", DeviceType.SolarInverter, site);

        await using var scope = App.Scope();
        var job = scope.ServiceProvider.GetRequiredService<PublishForecastsJob>();
        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => job.RunAsync(CancellationToken.None));

        Assert.That(failure!.Message, Does.Contain("1 of 1 device forecasts could not be published"));
        var metrics = await App.CreateClient().GetStringAsync("/metrics");
        Assert.That(metrics, Does.Match("solarsync_mqtt_forecasts_total\\{[^}]*outcome=\"failed\"[^}]*\\} 1"));
    }
}
