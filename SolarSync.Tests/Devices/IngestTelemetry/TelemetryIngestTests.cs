using System.Text;
using System.Text.Json.Nodes;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Tests.Infrastructure;
using static SolarSync.Tests.Devices.DevicesTestKit;

namespace SolarSync.Tests.Devices.IngestTelemetry;

/// <summary>Telemetry through the real Mosquitto into the store: readings, hourly means, quarantine, counters.</summary>
public sealed class TelemetryIngestTests : HostTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Devices:HourlyRollupSeconds"] = "1" };

    private MqttTestClient device = null!;

    [SetUp]
    public async Task ConnectDeviceAsync() => device = await MqttTestClient.ConnectAsync(TestServices.MqttPort);

    [TearDown]
    public async Task DisconnectDeviceAsync() => await device.DisposeAsync();

    [Test]
    public async Task A_day_of_five_minute_readings_is_stored_as_24_hourly_means()
    {
        var site = await CreateSiteAsync(Admin, "Five-minute PV", "solar", 500);
        await RegisterAsync(App, "inv-day", DeviceType.SolarInverter, site);
        var day = Yesterday;
        for (var h = 0; h < 24; h++)
        for (var m = 0; m < 60; m += 5)
            await device.PublishAsync("solar/inv-day/data", Payload(day.AddHours(h).AddMinutes(m), 10 * h + m / 5));

        await WaitForCountAsync(ReadingsOfDevice, new { device = "inv-day" }, 288);
        await WaitForRollupAsync();
        var hours = await QueryAsync<(DateTime Ts, double PowerKw)>(
            "SELECT ts, power_kw FROM collection.observations WHERE site_id = @site AND source = 'telemetry' ORDER BY ts", new { site });
        Assert.Multiple(() =>
        {
            for (var h = 0; h < 24; h++)
            {
                Assert.That(hours[h].Ts, Is.EqualTo(day.AddHours(h).UtcDateTime), $"hour {h}");
                // Readings 10h + 0 … 10h + 11: the mean is 10h + 5.5.
                Assert.That(hours[h].PowerKw, Is.EqualTo(10 * h + 5.5).Within(1e-9), $"hour {h}");
            }
        });
        var stored = await ScalarAsync<long>("SELECT messages_stored FROM devices.devices WHERE device_id = 'inv-day'");
        Assert.That(stored, Is.EqualTo(288));
    }

    [Test]
    public async Task A_meter_at_a_load_site_stores_demand_above_its_peak_and_its_solar_topic_is_quarantined()
    {
        var site = await CreateSiteAsync(Admin, "Metered school", "load", 100);
        await RegisterAsync(App, "meter-school", DeviceType.Meter, site);
        var day = Yesterday;

        // 130 kW: above a generator's 110 % of capacity, within a consumer's 150 % of its peak.
        await device.PublishAsync("load/meter-school/data", Payload(day.AddHours(7), 130));
        await device.PublishAsync("load/meter-school/data", Payload(day.AddHours(8), 60));
        await device.PublishAsync("solar/meter-school/data", Payload(day.AddHours(9), 50));

        await WaitForCountAsync(ReadingsOfDevice, new { device = "meter-school" }, 2);
        await WaitForCountAsync("SELECT count(*) FROM validation.quarantine WHERE source = 'telemetry' AND reasons[1] LIKE 'telemetry:topic-type%'", null, 1);
        await WaitForRollupAsync();
        var hours = await QueryAsync<double>(
            "SELECT power_kw FROM collection.observations WHERE site_id = @site AND source = 'telemetry' ORDER BY ts", new { site });
        Assert.That(hours, Is.EqualTo(new[] { 130.0, 60.0 }));
    }

    [Test]
    public async Task A_reading_every_minute_and_one_an_hour_give_the_same_hourly_mean()
    {
        var minutely = await CreateSiteAsync(Admin, "Minutely PV", "solar", 500);
        var hourly = await CreateSiteAsync(Admin, "Hourly PV", "solar", 500);
        await RegisterAsync(App, "inv-minute", DeviceType.SolarInverter, minutely);
        await RegisterAsync(App, "inv-hour", DeviceType.SolarInverter, hourly);
        var start = Yesterday.AddHours(10);
        for (var h = 0; h < 3; h++)
        {
            var level = 100 + 40 * h;
            // Deviations around the level cancel over the hour.
            for (var m = 0; m < 60; m++)
                await device.PublishAsync("solar/inv-minute/data", Payload(start.AddHours(h).AddMinutes(m), level + (m - 29.5) * 0.5));
            await device.PublishAsync("solar/inv-hour/data", Payload(start.AddHours(h), level));
        }

        await WaitForCountAsync("SELECT count(*) FROM devices.readings", null, 3 * 61);
        await WaitForRollupAsync();
        var means = await QueryAsync<(long SiteId, double PowerKw)>(
            "SELECT site_id, power_kw FROM collection.observations WHERE source = 'telemetry' ORDER BY ts, site_id");
        var bySite = means.ToLookup(m => m.SiteId, m => m.PowerKw);
        Assert.That(bySite[minutely], Is.EqualTo(bySite[hourly]).Within(1e-9));
        Assert.That(bySite[hourly], Is.EqualTo(new[] { 100.0, 140, 180 }));
    }

    [Test]
    public async Task A_late_reading_rewrites_its_hour_from_all_its_readings()
    {
        var site = await CreateSiteAsync(Admin, "Late PV", "solar", 500);
        await RegisterAsync(App, "inv-late", DeviceType.SolarInverter, site);
        var hour = Yesterday.AddHours(12);
        for (var m = 0; m < 60; m += 5) await device.PublishAsync("solar/inv-late/data", Payload(hour.AddMinutes(m), 100));
        await WaitForCountAsync(TelemetryHoursOfSite, new { site }, 1);
        await WaitForValueAsync(site, 100);

        await device.PublishAsync("solar/inv-late/data", Payload(hour.AddMinutes(2.5), 230));

        // (12 × 100 + 230) / 13
        await WaitForValueAsync(site, 110);
        Assert.That(await ScalarAsync<long>(TelemetryHoursOfSite, new { site }), Is.EqualTo(1));
        // The roll-up clears the hour just after writing it: wait for that rather than catch it in between.
        await WaitForRollupAsync();
    }

    [Test]
    public async Task A_redelivered_reading_is_stored_once_and_counted_as_a_duplicate()
    {
        var site = await CreateSiteAsync(Admin, "Duplicate PV", "solar", 500);
        await RegisterAsync(App, "inv-dup", DeviceType.SolarInverter, site);
        var payload = Payload(Yesterday.AddHours(9), 42);
        await device.PublishAsync("solar/inv-dup/data", payload);
        await device.PublishAsync("solar/inv-dup/data", payload);
        await device.PublishAsync("solar/inv-dup/data", Payload(Yesterday.AddHours(9).AddMinutes(1), 43));

        await WaitForCountAsync("SELECT messages_stored + messages_duplicate FROM devices.devices WHERE device_id = 'inv-dup'", null, 3);
        var counters = await QueryAsync<(long Stored, long Duplicate)>("SELECT messages_stored, messages_duplicate FROM devices.devices WHERE device_id = 'inv-dup'");
        Assert.That(counters.Single(), Is.EqualTo((2L, 1L)));
        Assert.That(await ScalarAsync<long>(ReadingsOfDevice, new { device = "inv-dup" }), Is.EqualTo(2));
    }

    [Test]
    public async Task Every_kind_of_bad_payload_is_quarantined_with_its_reason_and_the_valid_ones_around_it_are_stored()
    {
        var solar = await CreateSiteAsync(Admin, "Bad input PV", "solar", 100);
        await RegisterAsync(App, "inv-bad", DeviceType.SolarInverter, solar);
        var t = Yesterday.AddHours(8);
        var bad = new (string Topic, byte[] Payload, string Rule)[]
        {
            ("solar/inv-bad/data", "not json at all"u8.ToArray(), "telemetry:not-json"),
            ("solar/inv-ghost/data", Encoding.UTF8.GetBytes(Payload(t, 5)), "telemetry:unknown-device"),
            ("wind/inv-bad/data", Encoding.UTF8.GetBytes(Payload(t, 5)), "telemetry:topic-type"),
            ("solar/inv-bad/data", Encoding.UTF8.GetBytes(Payload(t, 500)), "range:power"),
            ("solar/inv-bad/data", Encoding.UTF8.GetBytes(Payload(DateTimeOffset.UtcNow.AddHours(2), 5)), "future"),
            ("solar/inv-bad/data", Encoding.UTF8.GetBytes(Payload(t, 5, $",\"note\":\"{new string('x', 5000)}\"")), "telemetry:too-large"),
            ("solar/inv-bad/data", Encoding.UTF8.GetBytes($"{{\"timestamp\":\"{t:yyyy-MM-ddTHH:mm:ss}Z\"}}"), "telemetry:missing-field"),
            ("solar/inv-bad/data", Encoding.UTF8.GetBytes($"{{\"timestamp\":\"{t:yyyy-MM-ddTHH:mm:ss}Z\",\"power_kw\":\"abc\"}}"), "telemetry:wrong-type"),
            ("solar/inv-bad/data", [(byte)'{', 0, 0xFF, (byte)'}'], "telemetry:not-json"),
        };

        var valid = 0;
        foreach (var (topic, payload, _) in bad)
        {
            await device.PublishAsync("solar/inv-bad/data", Payload(t.AddMinutes(++valid), 10));
            await device.PublishAsync(topic, payload);
        }
        await device.PublishAsync("solar/inv-bad/data", Payload(t.AddMinutes(++valid), 10));

        await WaitForCountAsync(ReadingsOfDevice, new { device = "inv-bad" }, valid);
        await WaitForCountAsync("SELECT count(*) FROM validation.quarantine WHERE source = 'telemetry'", null, bad.Length);
        var quarantined = await QueryAsync<(string RawPayload, string[] Reasons, long? SiteId)>(
            "SELECT raw_payload, reasons, site_id FROM validation.quarantine WHERE source = 'telemetry' ORDER BY id");
        Assert.Multiple(() =>
        {
            for (var i = 0; i < bad.Length; i++)
            {
                Assert.That(quarantined[i].Reasons, Has.Some.StartsWith(bad[i].Rule + ":"), $"message {i} ({bad[i].Rule})");
            }
            Assert.That(quarantined[0].RawPayload, Is.EqualTo("not json at all"));
            Assert.That(quarantined[1].SiteId, Is.Null, "an unknown device has no site");
            Assert.That(quarantined[3].SiteId, Is.EqualTo(solar));
            Assert.That(quarantined[5].RawPayload, Has.Length.EqualTo(4096), "a too-large payload keeps its first Devices:MaxPayloadBytes");
            Assert.That(quarantined[8].RawPayload, Is.EqualTo("base64:" + Convert.ToBase64String(bad[8].Payload)));
        });
        var counters = await QueryAsync<(long Stored, long Quarantined)>("SELECT messages_stored, messages_quarantined FROM devices.devices WHERE device_id = 'inv-bad'");
        Assert.That(counters.Single(), Is.EqualTo(((long)valid, (long)bad.Length - 1)), "all but the unknown device's message count against inv-bad");

        var metrics = await App.CreateClient().GetStringAsync("/metrics");
        Assert.That(metrics, Does.Match("solarsync_mqtt_messages_total\\{[^}]*outcome=\"quarantined\"[^}]*\\} [1-9]"));
    }

    [Test]
    public async Task Readiness_reports_the_broker_and_the_telemetry_subscription()
    {
        var ready = JsonNode.Parse(await App.CreateClient().GetStringAsync("/health/ready"))!;
        var mqtt = ready["checks"]!["mqtt"]!;
        Assert.That(mqtt["status"]!.GetValue<string>(), Is.EqualTo("Healthy"));
        Assert.That(mqtt["description"]!.GetValue<string>(), Does.Contain("subscribed to solar/+/data,wind/+/data,load/+/data"));
    }

    private static async Task WaitForValueAsync(long site, double expectedKw)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        double? value = null;
        while (DateTime.UtcNow < deadline)
        {
            var values = await QueryAsync<double>("SELECT power_kw FROM collection.observations WHERE site_id = @site AND source = 'telemetry'", new { site });
            value = values.SingleOrDefault();
            if (values.Count == 1 && Math.Abs(values[0] - expectedKw) < 1e-9) return;
            await Task.Delay(100);
        }
        Assert.That(value, Is.EqualTo(expectedKw).Within(1e-9));
    }
}
