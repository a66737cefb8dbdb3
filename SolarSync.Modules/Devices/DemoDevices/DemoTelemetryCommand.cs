using System.Globalization;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Devices.PublishForecasts;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.DemoDevices;

/// <summary>
/// <c>demo-telemetry [--backfill-hours 6] [--interval-seconds 60] [--once]</c>: plays the demo plants' devices. It
/// publishes 5-minute readings of the last hours (the simulated plant's output, with a wobble that cancels over each
/// hour, so the stored hourly means equal the simulation), asks the running host to publish forecasts, then publishes
/// a reading per device every interval until Ctrl-C (or stops at once with --once).
/// </summary>
internal static class DemoTelemetryCommand
{
    public const string Usage = "usage: SolarSync.Host demo-telemetry [--backfill-hours 6] [--interval-seconds 60] [--once]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        if (!TryParse(args, out var backfillHours, out var interval, out var once))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        var mqtt = services.GetRequiredService<IOptions<MqttOptions>>().Value;
        if (!mqtt.Enabled)
        {
            await output.WriteLineAsync("MQTT is off: set Devices:Mqtt:Host (or Devices:Mqtt:Mode=Embedded).");
            return 1;
        }
        var demo = (await services.GetRequiredService<DeviceDirectory>().AllAsync(ct)).Where(d => d.Site.IsDemo).ToList();
        if (demo.Count == 0)
        {
            await output.WriteLineAsync("No demo devices are registered: start the demo host first (scripts/run.sh).");
            return 1;
        }

        var plant = services.GetRequiredService<ISimulatedPlant>();
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer(mqtt.ClientHost, mqtt.Port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("solarsync-demo-devices").WithCredentials(mqtt.Username, mqtt.Password).Build();
        var connected = await client.ConnectAsync(options, ct);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            await output.WriteLineAsync($"The broker {mqtt.ClientHost}:{mqtt.Port} refused the demo devices: {connected.ResultCode}.");
            return 1;
        }

        var now = DateTimeOffset.UtcNow;
        var hourNow = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        foreach (var device in demo)
        {
            var sent = 0;
            for (var ts = hourNow.AddHours(-backfillHours); ts <= now; ts = ts.AddMinutes(5))
            {
                await PublishAsync(client, device, plant, ts, ct);
                sent++;
            }
            await output.WriteLineAsync($"{TelemetryTopics.Data(device.PlantType, device.Device.DeviceId)}: {sent} readings of the last {backfillHours} h");
        }
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<PublishForecastsJob>(JobQueues.Default, j => j.RunAsync(CancellationToken.None));
        await output.WriteLineAsync("Asked the host to publish forecasts: mosquitto_sub -t 'solar/+/forecast' -t 'wind/+/forecast'");

        while (!once && !ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(interval), ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            foreach (var device in demo) await PublishAsync(client, device, plant, DateTimeOffset.UtcNow, CancellationToken.None);
            await output.WriteLineAsync($"{DateTimeOffset.UtcNow:HH:mm:ss} published a reading for {demo.Count} devices");
        }
        await client.DisconnectAsync(cancellationToken: CancellationToken.None);
        return 0;
    }

    private static async Task PublishAsync(IMqttClient client, KnownDevice device, ISimulatedPlant plant, DateTimeOffset ts, CancellationToken ct)
    {
        var hour = new DateTimeOffset(ts.UtcTicks - ts.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        var mean = plant.Hours(device.Site, hour, hour.AddHours(1)).Single();
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(TelemetryTopics.Data(device.PlantType, device.Device.DeviceId))
            .WithPayload(Payload(device.Site, mean, ts))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await client.PublishAsync(message, ct);
    }

    /// <summary>The hour's simulated mean, wobbled by ±3 % over the hour: readings at even minutes average back to the mean.</summary>
    private static string Payload(Site site, Observation mean, DateTimeOffset ts)
    {
        var wobble = 1 + 0.03 * Math.Sin(2 * Math.PI * ts.Minute / 60.0);
        var power = Math.Max(0, (mean.PowerKw ?? 0) * wobble);
        var hubSpeed = mean.WindSpeed100mMs is { } v100 && site.Type == PlantType.Wind
            ? WindPhysics.ExtrapolateSpeed(v100, 100, site.HubHeightM ?? 100)
            : mean.WindSpeed10mMs;
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"timestamp\":\"{ts.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z\",\"power_kw\":{power:0.###},\"ghi\":{mean.GhiWm2 ?? 0:0.#},\"temperature\":{mean.TempC ?? 0:0.#},\"wind_speed\":{hubSpeed ?? 0:0.##},\"wind_dir\":{mean.WindDirDeg ?? 0:0}}}");
    }

    private static bool TryParse(string[] args, out int backfillHours, out int intervalSeconds, out bool once)
    {
        (backfillHours, intervalSeconds, once) = (6, 60, false);
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--backfill-hours" when i + 1 < args.Length && int.TryParse(args[++i], out var hours) && hours is >= 0 and <= 720:
                    backfillHours = hours;
                    break;
                case "--interval-seconds" when i + 1 < args.Length && int.TryParse(args[++i], out var seconds) && seconds is >= 1 and <= 3600:
                    intervalSeconds = seconds;
                    break;
                case "--once":
                    once = true;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
