using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Contracts;

/// <summary>The simulated source's hours of a site, as the demo stores them (same generator, same seed).</summary>
public interface ISimulatedPlant
{
    /// <summary>One observation per hour in [from, until): simulated weather and plant output, hourly means.</summary>
    IEnumerable<Observation> Hours(Site site, DateTimeOffset fromHour, DateTimeOffset untilHour);
}
