using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Forecasting;

/// <summary>
/// Finds the site a forecast request is for. The site list is read at most every Prediction:SiteListSeconds so that
/// cached forecasts need no database round trip; a site registered since is still found by id (one query).
/// </summary>
internal sealed class SiteLocator(ISiteDirectory sites, IMemoryCache memory, IOptions<PredictionOptions> options)
{
    private const double EarthRadiusKm = 6371.0088;

    public async Task<Site?> FindAsync(long id, CancellationToken ct) =>
        (await AllAsync(ct)).FirstOrDefault(s => s.Id == id) ?? await sites.FindAsync(id, ct);

    /// <summary>The registered site of the type nearest to the point, if one lies within the radius.</summary>
    public async Task<(Site Site, double DistanceKm)?> NearestAsync(PlantType type, double latitude, double longitude, double radiusKm, CancellationToken ct)
    {
        (Site Site, double DistanceKm)? best = null;
        foreach (var site in await AllAsync(ct))
        {
            if (site.Type != type) continue;
            var distance = DistanceKm(latitude, longitude, site.Latitude, site.Longitude);
            if (distance <= radiusKm && (best is null || distance < best.Value.DistanceKm)) best = (site, distance);
        }

        return best;
    }

    /// <summary>Great-circle distance (haversine) on a sphere of the Earth's mean radius.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private async Task<IReadOnlyList<Site>> AllAsync(CancellationToken ct)
    {
        var seconds = options.Value.SiteListSeconds;
        if (seconds == 0) return await sites.ListAsync(null, ct);
        return (await memory.GetOrCreateAsync("prediction-sites", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds);
            return await sites.ListAsync(null, ct);
        }))!;
    }
}
