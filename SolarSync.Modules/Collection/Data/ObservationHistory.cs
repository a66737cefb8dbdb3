using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Data;

internal sealed class ObservationHistory(ObservationRepository observations) : IObservationHistory
{
    public Task<IReadOnlyList<Observation>> ReadAsync(Site site, DateTimeOffset from, DateTimeOffset until, CancellationToken ct) =>
        observations.ReadAsync(site.Id, simulated: site.IsDemo, from, until, ct);
}
