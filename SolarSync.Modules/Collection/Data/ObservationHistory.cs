using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Data;

internal sealed class ObservationHistory(ObservationRepository observations) : IObservationHistory
{
    // A demo plant lives on simulated weather, and the demo's devices publish its simulated output as telemetry.
    private static readonly string[] DemoSources = [ObservationSources.Simulated, ObservationSources.Telemetry];
    private static readonly string[] SimulatedOnly = [ObservationSources.Simulated];

    public Task<IReadOnlyList<Observation>> ReadAsync(Site site, DateTimeOffset from, DateTimeOffset until, CancellationToken ct) =>
        site.IsDemo
            ? observations.ReadBySourceAsync(site.Id, DemoSources, include: true, from, until, ct)
            : observations.ReadBySourceAsync(site.Id, SimulatedOnly, include: false, from, until, ct);
}
