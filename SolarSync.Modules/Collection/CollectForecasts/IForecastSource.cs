using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.CollectForecasts;

/// <summary>The real source of a site's weather forecast for the coming days.</summary>
internal interface IForecastSource
{
    string Name { get; }

    Task<(DateTimeOffset IssuedAt, IReadOnlyList<Observation> Hours)> GetAsync(Site site, CancellationToken ct);
}
