namespace SolarSync.Modules.Shared.Forecasting;

/// <summary>
/// Forecast accuracy metrics. All series are hourly and aligned by index, in kW. NaN means missing: an hour where
/// the actual or the prediction is NaN is skipped by every metric, so gaps in the meter data or a baseline that
/// cannot predict an hour never count as errors.
/// </summary>
public static class ForecastMetrics
{
    // MAPE blows up as the actual tends to zero (dawn, dusk, calm wind), so it is taken only over hours producing
    // at least this share of capacity.
    private const double MapeThresholdOfCapacity = 0.10;

    /// <summary>
    /// Computes the metric set. <paramref name="referenceKw"/> (optional) is the baseline for the skill score,
    /// 1 − RMSE / RMSE_reference — skill on RMSE is the common convention in solar forecasting; both RMSEs are
    /// taken over the same hours, those where the reference is also known. <paramref name="lowerKw"/> and
    /// <paramref name="upperKw"/> (optional, together) are the 80 % interval bounds for coverage and width, taken
    /// over the hours where both bounds are known.
    /// </summary>
    public static MetricSet Compute(
        ReadOnlySpan<double> actualKw,
        ReadOnlySpan<double> predictedKw,
        double capacityKw,
        ReadOnlySpan<double> referenceKw = default,
        ReadOnlySpan<double> lowerKw = default,
        ReadOnlySpan<double> upperKw = default)
    {
        if (!(capacityKw > 0)) throw new ArgumentOutOfRangeException(nameof(capacityKw), "Capacity must be positive.");
        RequireLength(predictedKw, actualKw.Length, nameof(predictedKw), optional: false);
        RequireLength(referenceKw, actualKw.Length, nameof(referenceKw), optional: true);
        RequireLength(lowerKw, actualKw.Length, nameof(lowerKw), optional: true);
        RequireLength(upperKw, actualKw.Length, nameof(upperKw), optional: true);
        if (lowerKw.IsEmpty != upperKw.IsEmpty)
        {
            throw new ArgumentException("Interval bounds come in pairs: give both lower and upper, or neither.", nameof(upperKw));
        }

        var count = 0;
        double sumActual = 0;
        for (var i = 0; i < actualKw.Length; i++)
        {
            if (!Used(actualKw, predictedKw, i)) continue;
            count++;
            sumActual += actualKw[i];
        }

        if (count == 0) return MetricSet.Empty;

        var meanActual = sumActual / count;
        var mapeThreshold = MapeThresholdOfCapacity * capacityKw;
        double sumAbs = 0, sumSq = 0, sumErr = 0, ssTot = 0, sumPct = 0;
        double sumSqModelVsRef = 0, sumSqRef = 0, sumWidth = 0;
        int mapeCount = 0, skillCount = 0, boundCount = 0, covered = 0;

        for (var i = 0; i < actualKw.Length; i++)
        {
            if (!Used(actualKw, predictedKw, i)) continue;
            var actual = actualKw[i];
            var error = predictedKw[i] - actual;
            sumErr += error;
            sumAbs += Math.Abs(error);
            sumSq += error * error;
            ssTot += (actual - meanActual) * (actual - meanActual);

            if (actual >= mapeThreshold)
            {
                sumPct += Math.Abs(error) / actual;
                mapeCount++;
            }

            if (!referenceKw.IsEmpty && !double.IsNaN(referenceKw[i]))
            {
                var refError = referenceKw[i] - actual;
                sumSqModelVsRef += error * error;
                sumSqRef += refError * refError;
                skillCount++;
            }

            if (!lowerKw.IsEmpty && !double.IsNaN(lowerKw[i]) && !double.IsNaN(upperKw[i]))
            {
                boundCount++;
                sumWidth += upperKw[i] - lowerKw[i];
                if (lowerKw[i] <= actual && actual <= upperKw[i]) covered++;
            }
        }

        var mae = sumAbs / count;
        var rmse = Math.Sqrt(sumSq / count);
        return new MetricSet(
            Mae: mae,
            Rmse: rmse,
            NmaePct: mae / capacityKw * 100,
            NrmsePct: rmse / capacityKw * 100,
            MapePct: mapeCount > 0 ? sumPct / mapeCount * 100 : double.NaN,
            // Constant actuals leave nothing to explain: R² is undefined rather than −∞.
            R2: ssTot > 0 ? 1 - sumSq / ssTot : double.NaN,
            // RMSE / RMSE_ref over the same hours; the 1/n factors cancel. A perfect reference makes skill undefined.
            Skill: skillCount > 0 && sumSqRef > 0 ? 1 - Math.Sqrt(sumSqModelVsRef / sumSqRef) : double.NaN,
            Coverage80Pct: boundCount > 0 ? 100.0 * covered / boundCount : double.NaN,
            Width80Kw: boundCount > 0 ? sumWidth / boundCount : double.NaN,
            Count: count,
            Bias: sumErr / count);
    }

    /// <summary>
    /// One metric set per horizon bucket (default 1-6h, 7-24h, 25-48h, 49-168h), keyed by the bucket label and
    /// enumerated in bucket order. <paramref name="horizonHours"/> gives each hour's lead time; hours outside every
    /// bucket are left out, and a bucket without hours gets <see cref="MetricSet.Empty"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, MetricSet> MetricsByHorizon(
        ReadOnlySpan<double> actualKw,
        ReadOnlySpan<double> predictedKw,
        ReadOnlySpan<int> horizonHours,
        double capacityKw,
        ReadOnlySpan<double> referenceKw = default,
        ReadOnlySpan<double> lowerKw = default,
        ReadOnlySpan<double> upperKw = default,
        IReadOnlyList<HorizonBucket>? buckets = null)
    {
        buckets ??= HorizonBucket.Defaults;
        HorizonBucket.Validate(buckets, nameof(buckets));
        RequireLength(horizonHours, actualKw.Length, nameof(horizonHours), optional: false);
        RequireLength(predictedKw, actualKw.Length, nameof(predictedKw), optional: false);
        RequireLength(referenceKw, actualKw.Length, nameof(referenceKw), optional: true);
        RequireLength(lowerKw, actualKw.Length, nameof(lowerKw), optional: true);
        RequireLength(upperKw, actualKw.Length, nameof(upperKw), optional: true);

        var result = new OrderedDictionary<string, MetricSet>(buckets.Count);
        var members = new List<int>();
        foreach (var bucket in buckets)
        {
            members.Clear();
            for (var i = 0; i < horizonHours.Length; i++)
            {
                if (bucket.Contains(horizonHours[i])) members.Add(i);
            }

            result[bucket.Label] = Compute(
                Gather(actualKw, members),
                Gather(predictedKw, members),
                capacityKw,
                Gather(referenceKw, members),
                Gather(lowerKw, members),
                Gather(upperKw, members));
        }

        return result;
    }

    private static bool Used(ReadOnlySpan<double> actualKw, ReadOnlySpan<double> predictedKw, int i) =>
        !double.IsNaN(actualKw[i]) && !double.IsNaN(predictedKw[i]);

    // An absent optional series stays absent (empty) in every bucket.
    private static double[] Gather(ReadOnlySpan<double> values, List<int> indices)
    {
        if (values.IsEmpty) return [];
        var picked = new double[indices.Count];
        for (var k = 0; k < picked.Length; k++) picked[k] = values[indices[k]];
        return picked;
    }

    private static void RequireLength<T>(ReadOnlySpan<T> values, int length, string paramName, bool optional)
    {
        if (optional && values.IsEmpty) return;
        if (values.Length != length)
        {
            throw new ArgumentException($"Expected {length} values aligned with the actuals, got {values.Length}.", paramName);
        }
    }
}
