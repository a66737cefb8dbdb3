using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet.Adapter;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Modules.Devices.PublishForecasts;
using SolarSync.Tests.Infrastructure;
using static SolarSync.Tests.Devices.DevicesTestKit;

namespace SolarSync.Tests.Devices;

/// <summary>Devices:Mqtt:Mode=Embedded: the host is the broker; devices and the host's own client sign in with the configured credentials.</summary>
public sealed class EmbeddedBrokerTests : HostTest
{
    private const string User = "plant-fleet";
    private const string Password = "embedded-broker-secret";
    private static readonly int Port = TestServices.FreeLoopbackPort();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Devices:Mqtt:Mode"] = "Embedded",
        ["Devices:Mqtt:Host"] = "",
        ["Devices:Mqtt:Port"] = Port.ToString(),
        ["Devices:Mqtt:Username"] = User,
        ["Devices:Mqtt:Password"] = Password,
        ["Devices:HourlyRollupSeconds"] = "1",
    };

    [Test]
    public async Task A_device_signed_in_to_the_embedded_broker_has_its_telemetry_stored_as_hourly_means()
    {
        var site = await CreateSiteAsync(Admin, "Embedded PV", "solar", 200);
        await RegisterAsync(App, "inv-embedded", DeviceType.SolarInverter, site);
        await using var device = await MqttTestClient.ConnectAsync(Port, username: User, password: Password);

        var hour = Yesterday.AddHours(11);
        for (var m = 0; m < 60; m += 10) await device.PublishAsync("solar/inv-embedded/data", Payload(hour.AddMinutes(m), 50 + m));

        await WaitForCountAsync(ReadingsOfDevice, new { device = "inv-embedded" }, 6);
        await WaitForRollupAsync();
        var mean = await ScalarAsync<double>("SELECT power_kw FROM collection.observations WHERE site_id = @site AND source = 'telemetry'", new { site });
        Assert.That(mean, Is.EqualTo(75).Within(1e-9));
    }

    [TestCase(User, "wrong-password")]
    [TestCase("someone", Password)]
    [TestCase(null, null)]
    public void A_client_without_the_right_credentials_is_refused(string? user, string? password)
    {
        var refused = Assert.CatchAsync(() => MqttTestClient.ConnectAsync(Port, username: user, password: password));
        Assert.That(refused, Is.InstanceOf<MqttConnectingFailedException>().Or.InstanceOf<MqttRefusedException>(), refused?.ToString());
    }

    [Test]
    public async Task Forecasts_are_published_retained_on_the_embedded_broker()
    {
        var site = await CreateSiteAsync(Admin, "Embedded WT", "wind", 1500);
        await RegisterAsync(App, "wt-embedded", DeviceType.WindTurbine, site);

        await using (var scope = App.Scope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<PublishForecastsJob>().RunAsync(CancellationToken.None);
            Assert.That(result.Published, Is.EqualTo(1));
        }

        await using var observer = await MqttTestClient.ConnectAsync(Port, username: User, password: Password);
        var message = await observer.FirstMessageAsync("wind/wt-embedded/forecast", TimeSpan.FromSeconds(10));
        Assert.That(message, Is.Not.Null);
        var forecast = JsonNode.Parse(Encoding.UTF8.GetString(message!.Payload))!;
        Assert.That(forecast["points"]!.AsArray(), Has.Count.EqualTo(48));
    }

    [Test]
    public async Task Readiness_reports_the_embedded_broker_subscribed()
    {
        var ready = JsonNode.Parse(await App.CreateClient().GetStringAsync("/health/ready"))!;
        Assert.That(ready["checks"]!["mqtt"]!["description"]!.GetValue<string>(), Does.Contain($"127.0.0.1:{Port}").And.Contain("subscribed"));
    }
}
