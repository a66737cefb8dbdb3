using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Contracts;

/// <summary>
/// Realized accuracy of one horizon bucket ("1-6h", "7-24h", "25-48h", "49-168h" or "all"): MAE, RMSE and bias
/// (prediction − actual) in kW, nMAE in % of capacity, coverage of the 80 % interval in %; null without hours.
/// </summary>
public sealed record HorizonAccuracyView(string Horizon, int Hours, double? Mae, double? Rmse, double? Nmae, double? Bias, double? Coverage80);

/// <summary>Realized accuracy over the UTC days [From, To] (the last Days days, today included).</summary>
public sealed record SitePerformanceView(long SiteId, DateOnly From, DateOnly To, int Days, IReadOnlyList<HorizonAccuracyView> Buckets, HorizonAccuracyView All);

/// <summary>How other modules read a site's realized forecast accuracy (the performance endpoint's figures).</summary>
public interface ISitePerformance
{
    /// <summary>The last <paramref name="days"/> UTC days (1–365, today included) of the site's archived forecasts.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is not 1–365.</exception>
    Task<SitePerformanceView> ReportAsync(Site site, int days, CancellationToken ct);
}
