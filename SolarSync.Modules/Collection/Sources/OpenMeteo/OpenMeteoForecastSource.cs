using SolarSync.Modules.Collection.CollectForecasts;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Sources.OpenMeteo;

internal sealed class OpenMeteoForecastSource(OpenMeteoClient client) : IForecastSource
{
    public string Name => ObservationSources.OpenMeteo;

    public async Task<(DateTimeOffset IssuedAt, IReadOnlyList<Observation> Hours)> GetAsync(Site site, CancellationToken ct)
    {
        var forecast = await client.GetForecastAsync(site.Id, site.Latitude, site.Longitude, ct);
        return (forecast.IssuedAt, forecast.Hours);
    }
}
