namespace SolarSync.Modules.Prediction.Performance;

/// <summary>
/// Realized accuracy of a site's archived forecasts over the UTC days [<see cref="From"/>, <see cref="To"/>] (the
/// last <see cref="Days"/> days, today included), by horizon bucket and over all hours.
/// </summary>
public sealed record PerformanceReport(long SiteId, DateOnly From, DateOnly To, int Days, IReadOnlyList<HorizonPerformance> Buckets, HorizonPerformance All);

/// <summary>
/// One horizon bucket ("1-6h", … or "all"): <see cref="Hours"/> forecast hours paired with an observed hour; MAE,
/// RMSE and bias (mean prediction − actual) in kW, nMAE in % of capacity, coverage80 the % of hours inside the 80 %
/// interval. Null when undefined (no hours).
/// </summary>
public sealed record HorizonPerformance(string Horizon, int Hours, double? Mae, double? Rmse, double? Nmae, double? Bias, double? Coverage80)
{
    internal static HorizonPerformance From(HorizonAccuracy a) =>
        new(a.Horizon, a.Hours, OrNull(a.Mae), OrNull(a.Rmse), OrNull(a.NmaePct), OrNull(a.Bias), OrNull(a.Coverage80Pct));

    // JSON has no NaN.
    private static double? OrNull(double value) => double.IsFinite(value) ? value : null;
}
