namespace SolarSync.Modules.Shared.Forecasting;

/// <summary>
/// Point and interval accuracy of a forecast over the hours where both actual and prediction are known.
/// Errors are prediction − actual in kW; percentages are 0–100. NaN marks a metric that is undefined on the data
/// (no hours, no reference, no bounds, no hours above the MAPE threshold, constant actuals for R²).
/// </summary>
public sealed record MetricSet(
    double Mae,
    double Rmse,
    double NmaePct,
    double NrmsePct,
    double MapePct,
    double R2,
    double Skill,
    double Coverage80Pct,
    double Width80Kw,
    int Count,
    double Bias)
{
    public static MetricSet Empty { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
        double.NaN, double.NaN, double.NaN, 0, double.NaN);

    /// <summary>
    /// The shape the evaluation report stores: keys mae, rmse, nmae, nrmse, mape, r2, skill, coverage80, width80 in
    /// that order; undefined values become null because JSON has no NaN.
    /// </summary>
    public IReadOnlyDictionary<string, double?> ToJsonDictionary() => new OrderedDictionary<string, double?>
    {
        ["mae"] = OrNull(Mae),
        ["rmse"] = OrNull(Rmse),
        ["nmae"] = OrNull(NmaePct),
        ["nrmse"] = OrNull(NrmsePct),
        ["mape"] = OrNull(MapePct),
        ["r2"] = OrNull(R2),
        ["skill"] = OrNull(Skill),
        ["coverage80"] = OrNull(Coverage80Pct),
        ["width80"] = OrNull(Width80Kw),
    };

    // Infinity cannot be written as a JSON number either.
    private static double? OrNull(double value) => double.IsFinite(value) ? value : null;
}
