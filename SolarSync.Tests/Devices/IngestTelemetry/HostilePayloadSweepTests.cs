using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Tests.Infrastructure;
using static SolarSync.Tests.Devices.DevicesTestKit;

namespace SolarSync.Tests.Devices.IngestTelemetry;

/// <summary>
/// A generated sweep of hostile telemetry: every message ends stored or quarantined (never lost, never crashing the
/// writer), nothing out of range is stored, and the host keeps taking telemetry afterwards.
/// </summary>
public sealed class HostilePayloadSweepTests : HostTest
{
    private const string Device = "inv-sweep";

    [Test]
    public async Task Every_hostile_payload_is_quarantined_or_stored_and_the_host_keeps_ingesting()
    {
        var site = await CreateSiteAsync(Admin, "Sweep PV", "solar", 100);
        await RegisterAsync(App, Device, DeviceType.SolarInverter, site);
        var payloads = HostilePayloads().ToList();

        await using (var client = await MqttTestClient.ConnectAsync(TestServices.MqttPort))
        {
            foreach (var payload in payloads) await client.PublishAsync($"solar/{Device}/data", payload);
            await client.PublishAsync($"solar/{Device}/data", Payload(Yesterday.AddHours(12), 42));
        }

        var total = payloads.Count + 1;
        await WaitForCountAsync("SELECT messages_stored + messages_duplicate + messages_quarantined FROM devices.devices WHERE device_id = @device",
            new { device = Device }, total);
        var (stored, quarantined) = (await QueryAsync<(long, long)>(
            "SELECT messages_stored, messages_quarantined FROM devices.devices WHERE device_id = @device", new { device = Device })).Single();
        var outOfRange = await ScalarAsync<long>(
            "SELECT count(*) FROM devices.readings WHERE device_id = @device AND NOT (power_kw BETWEEN -1 AND 110)", new { device = Device });
        Assert.Multiple(() =>
        {
            Assert.That(quarantined, Is.GreaterThanOrEqualTo(payloads.Count - 3), "all but the few well-formed ones are refused");
            Assert.That(stored, Is.GreaterThanOrEqualTo(1), "the valid message after the sweep is stored");
            Assert.That(outOfRange, Is.Zero);
            Assert.That(App.Services.GetRequiredService<MqttConnection>().IsSubscribed, Is.True, "the host is still subscribed");
        });
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM devices.readings WHERE device_id = @device AND power_kw = 42", new { device = Device }),
            Is.EqualTo(1));
    }

    private static IEnumerable<byte[]> HostilePayloads()
    {
        var ts = Yesterday.AddHours(3).ToString("yyyy-MM-ddTHH:mm:ssZ");
        string[] texts =
        [
            "", " ", "null", "[]", "[1,2,3]", "\"text\"", "42", "true", "{", "}", "{}", "{\"timestamp\":}", "{\"a\":1}{\"b\":2}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":1e308}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":-1e308}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":NaN}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":Infinity}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":\"NaN\"}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":-50}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":1000}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":[1]}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":{{\"v\":1}}}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":true}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":null}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":5,\"temperature\":500}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":5,\"ghi\":-3}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":5,\"wind_dir\":720}}",
            $"{{\"timestamp\":\"{ts}\",\"power_kw\":5,\"wind_speed\":\"fast\"}}",
            "{\"timestamp\":\"0001-01-01T00:00:00Z\",\"power_kw\":5}",
            "{\"timestamp\":\"9999-12-31T23:59:59Z\",\"power_kw\":5}",
            "{\"timestamp\":\"2026-13-45T99:00:00Z\",\"power_kw\":5}",
            "{\"timestamp\":\"2025-06-01T12:00:00\",\"power_kw\":5}",
            "{\"timestamp\":\"yesterday\",\"power_kw\":5}",
            "{\"timestamp\":\"' OR 1=1; DROP TABLE devices.readings; --\",\"power_kw\":5}",
            "{\"timestamp\":\"../../etc/passwd\",\"power_kw\":5}",
            "{\"timestamp\":-1,\"power_kw\":5}",
            "{\"timestamp\":1e20,\"power_kw\":5}",
            "{\"timestamp\":0,\"power_kw\":5}",
            "{\"timestamp\":\"\\u0000\",\"power_kw\":5}",
            "{\"timestamp\":\"2025-06-01T12:00:00Z\u202e\",\"power_kw\":5}",
            "{\"timestamp\":null,\"power_kw\":5}",
            "{\"power_kw\":5}",
            $"{{\"timestamp\":\"{ts}\"}}",
            new string('[', 10_000) + new string(']', 10_000),
            "{\"" + new string('k', 3000) + "\":1}",
            "\uFEFF{\"timestamp\":1,\"power_kw\":1}",
            "😀😀😀",
        ];
        foreach (var text in texts) yield return Encoding.UTF8.GetBytes(text);
        yield return [0xFF, 0xFE, 0x00, 0x01];
        yield return [0xC3, 0x28];
        yield return new byte[10_000];
        var random = new Random(2026);
        for (var i = 0; i < 50; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            yield return bytes;
        }
    }
}
