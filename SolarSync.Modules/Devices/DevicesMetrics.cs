using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Devices;

/// <summary>Devices' instruments on the SolarSync meter.</summary>
internal sealed class DevicesMetrics
{
    private readonly Counter<long> messages;
    private readonly Histogram<double> ingestLatency;
    private readonly Counter<long> forecasts;

    public DevicesMetrics(SolarSyncMetrics metrics, DeviceDirectory directory, IOptions<DevicesOptions> options)
    {
        messages = metrics.Meter.CreateCounter<long>("solarsync.mqtt.messages", "{message}",
            "Telemetry messages by outcome: stored, duplicate (a redelivery of a stored reading) or quarantined.");
        ingestLatency = metrics.Meter.CreateHistogram<double>("solarsync.mqtt.ingest.latency", "s",
            "From a reading's timestamp (its publish time) to its row being stored.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        forecasts = metrics.Meter.CreateCounter<long>("solarsync.mqtt.forecasts", "{forecast}",
            "Forecasts published to devices, by outcome: published or failed (after every attempt).");
        var window = TimeSpan.FromMinutes(options.Value.OfflineAfterMinutes);
        metrics.Meter.CreateObservableGauge("solarsync.devices.online", () => directory.OnlineCount(window), "{device}",
            "Registered devices heard from within Devices:OfflineAfterMinutes.");
    }

    public void Messages(string outcome, int count)
    {
        if (count > 0) messages.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Latency(TimeSpan latency) => ingestLatency.Record(Math.Max(0, latency.TotalSeconds));

    public void Forecast(string outcome) => forecasts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
