using SolarSync.Modules.Shared.Forecasting;

namespace SolarSync.Modules.Features.Domain;

/// <summary>
/// How the plant calibration chooses between two physical descriptions of a plant (an orientation, a power curve
/// with or without air density): each is fitted on the earlier 75 % of the measured hours and judged on how well it
/// predicts the later 25 %, as forecasting meets it.
/// </summary>
internal static class HoldOut
{
    private const double TrainingShare = 0.75;

    /// <summary>Where the hold-out starts in <paramref name="count"/> hours in time order.</summary>
    public static int Split(int count) => (int)(count * TrainingShare);

    /// <summary>
    /// Whether <paramref name="candidate"/>'s hold-out squared errors are lower than <paramref name="baseline"/>'s beyond
    /// noise (<see cref="DailyErrorComparison"/>): a choice replaces the default only then, so noise alone cannot move it.
    /// </summary>
    public static bool ClearlyBetter(IReadOnlyList<int> days, IReadOnlyList<double> candidate, IReadOnlyList<double> baseline) =>
        DailyErrorComparison.ClearlyLower(days, candidate, baseline);
}
