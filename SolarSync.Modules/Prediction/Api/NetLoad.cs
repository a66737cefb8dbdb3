namespace SolarSync.Modules.Prediction.Api;

/// <summary>
/// A consumer's net load: its demand minus the output of its own solar plant, kW per hour (negative when the plant
/// exports). Both forecasts are the ones each site serves (cached, archived).
/// </summary>
public sealed record NetLoadResponse(
    ForecastSiteView Site,
    ForecastSiteView SolarSite,
    string Unit,
    string LoadModelVersion,
    string SolarModelVersion,
    DateTimeOffset IssuedAt,
    IReadOnlyList<ForecastPointView> Points);

internal static class NetLoad
{
    /// <summary>
    /// Hour by hour: p50 = load p50 − solar p50. The 80 % interval combines the two sides' half-widths in quadrature
    /// (load's lower with solar's upper for p10, and the reverse for p90), as for independent errors; demand and a
    /// neighbouring plant's output do not move together much hour to hour, and a sum of the widths would be the
    /// bound for fully dependent errors, far wider than observed. Only hours both forecasts hold are returned.
    /// </summary>
    public static NetLoadResponse Combine(ForecastResponse load, ForecastResponse solar)
    {
        var solarByHour = solar.Points.ToDictionary(p => p.Timestamp);
        var points = new List<ForecastPointView>(load.Points.Count);
        foreach (var l in load.Points)
        {
            if (!solarByHour.TryGetValue(l.Timestamp, out var s)) continue;
            var p50 = l.P50 - s.P50;
            var below = Math.Sqrt(Square(l.P50 - l.P10) + Square(s.P90 - s.P50));
            var above = Math.Sqrt(Square(l.P90 - l.P50) + Square(s.P50 - s.P10));
            points.Add(new ForecastPointView(
                l.Timestamp, ForecastJson.RoundKw(p50), ForecastJson.RoundKw(p50 - below), ForecastJson.RoundKw(p50 + above)));
        }

        return new NetLoadResponse(load.Site, solar.Site, "kW", load.ModelVersion, solar.ModelVersion, load.IssuedAt, points);
    }

    private static double Square(double x) => x * x;
}
