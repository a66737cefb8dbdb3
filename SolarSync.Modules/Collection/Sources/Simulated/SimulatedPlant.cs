using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Sources.Simulated;

internal sealed class SimulatedPlant(IOptions<CollectionOptions> options) : ISimulatedPlant
{
    public IEnumerable<Observation> Hours(Site site, DateTimeOffset fromHour, DateTimeOffset untilHour) =>
        SimulatedSource.Generate(site, fromHour, untilHour, options.Value.SimulationSeed);
}
