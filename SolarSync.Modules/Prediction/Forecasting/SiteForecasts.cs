using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Prediction.Contracts;

namespace SolarSync.Modules.Prediction.Forecasting;

internal sealed class SiteForecasts(SiteLocator locator, ForecastServer server) : ISiteForecasts
{
    public async Task<byte[]?> ForecastJsonAsync(long siteId, int hours, CancellationToken ct)
    {
        ForecastHorizon.ThrowIfOutOfRange(hours);
        return await locator.FindAsync(siteId, ct) is { } site ? await server.ServeJsonAsync(site, hours, ct) : null;
    }
}
