using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Prediction.Performance;

/// <summary>
/// Realized accuracy of archived forecasts: each forecast hour paired with the power observed in that hour, summed by
/// horizon bucket of the point (point i is horizon hour i + 1) and over all hours. Running sums rather than
/// <see cref="ForecastMetrics.Compute"/> over gathered arrays, so a year of hourly 168 h forecasts (~1.5 million
/// pairs) needs no arrays; the definitions are those of <see cref="ForecastMetrics"/>: an hour whose actual or p50 is
/// NaN is skipped, MAE and RMSE in kW, nMAE = MAE / capacity × 100, bias = mean(p50 − actual), coverage = % of hours
/// with p10 ≤ actual ≤ p90 over the hours where both bounds are known.
/// </summary>
internal sealed class RealizedAccuracy
{
    public const string AllLabel = "all";

    private readonly IReadOnlyList<HorizonBucket> buckets;
    private readonly Sums[] byBucket;
    private readonly Sums all = new();

    public RealizedAccuracy(IReadOnlyList<HorizonBucket>? buckets = null)
    {
        this.buckets = buckets ?? HorizonBucket.Defaults;
        HorizonBucket.Validate(this.buckets, nameof(buckets));
        byBucket = this.buckets.Select(_ => new Sums()).ToArray();
    }

    /// <summary>
    /// Adds one forecast hour. <paramref name="modelTestNmaePct"/> is the test nMAE of the model that made it (null
    /// for the physical stand-in); its mean over the counted hours is the drift reference.
    /// </summary>
    public void Add(int horizonHour, double actualKw, double p50Kw, double p10Kw, double p90Kw, double? modelTestNmaePct = null)
    {
        if (double.IsNaN(actualKw) || double.IsNaN(p50Kw)) return;
        all.Add(actualKw, p50Kw, p10Kw, p90Kw, modelTestNmaePct);
        var index = HorizonBucket.IndexOf(buckets, horizonHour);
        if (index >= 0) byBucket[index].Add(actualKw, p50Kw, p10Kw, p90Kw, modelTestNmaePct);
    }

    /// <summary>Adds every point of <paramref name="forecast"/> whose hour lies in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    public void Add(ArchivedForecast forecast, ActualPower actuals, DateTimeOffset from, DateTimeOffset until)
    {
        for (var i = 0; i < forecast.HorizonHours; i++)
        {
            var hour = forecast.TargetHour(i);
            if (hour < from || hour >= until) continue;
            Add(i + 1, actuals.At(hour), forecast.P50[i], forecast.P10[i], forecast.P90[i], forecast.ModelTestNmaePct);
        }
    }

    /// <summary>One row per bucket, in bucket order (a bucket without hours has NaN metrics), and the row over all hours.</summary>
    public (IReadOnlyList<HorizonAccuracy> Buckets, HorizonAccuracy All) Result(double capacityKw)
    {
        if (!(capacityKw > 0)) throw new ArgumentOutOfRangeException(nameof(capacityKw), "Capacity must be positive.");
        return (buckets.Select((b, i) => byBucket[i].ToAccuracy(b.Label, capacityKw)).ToList(), all.ToAccuracy(AllLabel, capacityKw));
    }

    private sealed class Sums
    {
        private int count, boundCount, covered, referenceCount;
        private double sumAbs, sumSq, sumErr, sumReference;

        public void Add(double actual, double p50, double p10, double p90, double? reference)
        {
            var error = p50 - actual;
            count++;
            sumAbs += Math.Abs(error);
            sumSq += error * error;
            sumErr += error;
            if (!double.IsNaN(p10) && !double.IsNaN(p90))
            {
                boundCount++;
                if (p10 <= actual && actual <= p90) covered++;
            }

            if (reference is { } r && double.IsFinite(r))
            {
                referenceCount++;
                sumReference += r;
            }
        }

        public HorizonAccuracy ToAccuracy(string label, double capacityKw)
        {
            if (count == 0) return new HorizonAccuracy(label, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, null);
            var mae = sumAbs / count;
            return new HorizonAccuracy(label, count, mae, Math.Sqrt(sumSq / count), mae / capacityKw * 100, sumErr / count,
                boundCount > 0 ? 100.0 * covered / boundCount : double.NaN,
                referenceCount > 0 ? sumReference / referenceCount : null);
        }
    }
}

/// <summary>
/// Accuracy over the hours of one horizon bucket (or "all"). Mae, Rmse and Bias in kW, NmaePct and Coverage80Pct
/// 0–100; NaN when undefined (no hours, or no hour with both bounds for coverage).
/// </summary>
internal sealed record HorizonAccuracy(
    string Horizon, int Hours, double Mae, double Rmse, double NmaePct, double Bias, double Coverage80Pct, double? ModelTestNmaePct);

/// <summary>
/// The observed power of each hour. Where several sources hold an hour, the last row (by source name, the order
/// stored hours are read in) with a power value wins, as in the feature tables. Rows without power, with a
/// non-finite one, or imputed over a gap are no actual: scoring a forecast against an interpolation would measure
/// the interpolation.
/// </summary>
internal sealed class ActualPower
{
    private readonly Dictionary<DateTimeOffset, double> byHour = [];

    public ActualPower(IEnumerable<Observation> rows)
    {
        foreach (var row in rows)
        {
            if (row.Imputed || row.PowerKw is not { } kw || !double.IsFinite(kw)) continue;
            byHour[row.Ts.ToUniversalTime()] = kw;
        }
    }

    public int Count => byHour.Count;

    /// <summary>The power of the hour starting at <paramref name="hour"/>, kW, or NaN when none was observed.</summary>
    public double At(DateTimeOffset hour) => byHour.TryGetValue(hour.ToUniversalTime(), out var kw) ? kw : double.NaN;
}
