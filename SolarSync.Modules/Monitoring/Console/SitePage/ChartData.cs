using SolarSync.Modules.Prediction.Contracts;

namespace SolarSync.Modules.Monitoring.Console.SitePage;

/// <summary>
/// The charts' data as the page embeds it (&lt;script type="application/json" id="chart-data"&gt;): uPlot's columns,
/// x in Unix seconds (UTC hour starts), kW rounded to watts, null where nothing was observed or archived. The page
/// script draws them in <see cref="Zone"/>.
/// </summary>
internal sealed record ChartData(string Zone, double CapacityKw, HistorySeries History, ForecastSeries Forecast)
{
    public static ChartData From(SitePageModel m) => new(m.Zone.Id, m.Site.CapacityKw,
        new HistorySeries(
            m.History.Select(h => h.Timestamp.ToUnixTimeSeconds()).ToArray(),
            m.History.Select(h => Round(h.ObservedKw)).ToArray(),
            m.History.Select(h => Round(h.P50)).ToArray(),
            m.History.Select(h => Round(h.P10)).ToArray(),
            m.History.Select(h => Round(h.P90)).ToArray()),
        m.Forecast is { } f
            ? new ForecastSeries(f.Hours.Select(h => h.Timestamp.ToUnixTimeSeconds()).ToArray(), f.Hours.Select(h => Round(h.P50)).ToArray(),
                f.Hours.Select(h => Round(h.P10)).ToArray(), f.Hours.Select(h => Round(h.P90)).ToArray(), f.ModelVersion)
            : new ForecastSeries([], [], [], [], null));

    /// <summary>Hours with an observed output.</summary>
    public int ActualPoints => History.Actual.Count(v => v is not null);

    /// <summary>Hours with an archived day-ahead p50.</summary>
    public int DayAheadPoints => History.P50.Count(v => v is not null);

    private static double? Round(double? kw) => kw is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null;
}

/// <param name="P50">The archived day-ahead forecast (<see cref="ForecastLead.DayAhead"/>) of each hour.</param>
internal sealed record HistorySeries(long[] X, double?[] Actual, double?[] P50, double?[] P10, double?[] P90);

internal sealed record ForecastSeries(long[] X, double?[] P50, double?[] P10, double?[] P90, string? ModelVersion);
