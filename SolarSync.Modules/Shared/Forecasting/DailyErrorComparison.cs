namespace SolarSync.Modules.Shared.Forecasting;

/// <summary>
/// How far one forecast's squared errors are below another's, on the same hours, measured against noise. Days, not
/// hours, are the draws compared, because the hours of one day share their weather and so their errors: the gain is
/// summed per day and set against the standard error of its daily mean (a paired t statistic on days).
/// </summary>
public static class DailyErrorComparison
{
    private const double SignificanceZ = 2;

    /// <summary>
    /// Whether <paramref name="candidate"/>'s squared errors are lower than <paramref name="baseline"/>'s beyond noise:
    /// by more than twice the standard error (about 97.5 % one-sided). Both are per hour, aligned, with each hour's day
    /// in <paramref name="days"/>. Fewer than two days never are.
    /// </summary>
    public static bool ClearlyLower(IReadOnlyList<int> days, IReadOnlyList<double> candidate, IReadOnlyList<double> baseline) =>
        GainInStandardErrors(days, candidate, baseline) > SignificanceZ;

    /// <summary>
    /// The mean daily gain of <paramref name="candidate"/> over <paramref name="baseline"/> in squared error, in
    /// standard errors of that mean (a paired t statistic on days): positive where the candidate errs less. 0 with
    /// fewer than two days; infinite when every day gains alike.
    /// </summary>
    public static double GainInStandardErrors(IReadOnlyList<int> days, IReadOnlyList<double> candidate, IReadOnlyList<double> baseline)
    {
        if (candidate.Count != baseline.Count || days.Count != candidate.Count)
        {
            throw new ArgumentException("Days and both error series must be aligned (same length).", nameof(candidate));
        }

        var gainByDay = new Dictionary<int, double>();
        for (var i = 0; i < candidate.Count; i++)
        {
            gainByDay[days[i]] = gainByDay.GetValueOrDefault(days[i]) + baseline[i] - candidate[i];
        }

        if (gainByDay.Count < 2) return 0;
        var mean = gainByDay.Values.Average();
        var variance = gainByDay.Values.Sum(g => (g - mean) * (g - mean)) / (gainByDay.Count - 1);
        var standardError = Math.Sqrt(variance / gainByDay.Count);
        return standardError > 0 ? mean / standardError : mean == 0 ? 0 : double.CopySign(double.PositiveInfinity, mean);
    }
}
