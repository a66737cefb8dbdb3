namespace SolarSync.Modules.Features.Domain;

/// <summary>
/// How the plant calibration chooses between two physical descriptions of a plant (an orientation, a power curve
/// with or without air density): each is fitted on the earlier 75 % of the measured hours and judged on how well it
/// predicts the later 25 %, as forecasting meets it.
/// </summary>
internal static class HoldOut
{
    private const double TrainingShare = 0.75;

    // A choice replaces the default only when its hold-out days are better by more than twice the standard error of
    // the mean daily difference (about 97.5 % one-sided): noise alone must not move it. Days, not hours, are
    // compared, because the hours of one day share their errors.
    private const double SignificanceZ = 2;

    /// <summary>Where the hold-out starts in <paramref name="count"/> hours in time order.</summary>
    public static int Split(int count) => (int)(count * TrainingShare);

    /// <summary>
    /// Whether <paramref name="candidate"/>'s squared errors are lower than <paramref name="baseline"/>'s beyond
    /// noise; both are per hold-out hour, aligned, with each hour's day in <paramref name="days"/>.
    /// </summary>
    public static bool ClearlyBetter(IReadOnlyList<int> days, IReadOnlyList<double> candidate, IReadOnlyList<double> baseline)
    {
        var gainByDay = new Dictionary<int, double>();
        for (var i = 0; i < candidate.Count; i++)
        {
            gainByDay[days[i]] = gainByDay.GetValueOrDefault(days[i]) + baseline[i] - candidate[i];
        }

        if (gainByDay.Count < 2) return false;
        var mean = gainByDay.Values.Average();
        var variance = gainByDay.Values.Sum(g => (g - mean) * (g - mean)) / (gainByDay.Count - 1);
        return mean > SignificanceZ * Math.Sqrt(variance / gainByDay.Count);
    }
}
