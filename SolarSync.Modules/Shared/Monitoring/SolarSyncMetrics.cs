using System.Diagnostics.Metrics;
using System.Reflection;

namespace SolarSync.Modules.Shared.Monitoring;

/// <summary>The one Meter of the product; each module adds its instruments through it.</summary>
public sealed class SolarSyncMetrics
{
    public const string MeterName = "SolarSync";

    public SolarSyncMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        var version = typeof(SolarSyncMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        Meter.CreateObservableGauge("solarsync.build.info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", version)),
            description: "Always 1; the version label says which build is running.");
    }

    public Meter Meter { get; }
}
