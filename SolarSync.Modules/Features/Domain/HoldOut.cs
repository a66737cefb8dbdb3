namespace SolarSync.Modules.Features.Domain;

/// <summary>
/// How the plant calibration chooses between two physical descriptions of a plant (an orientation, a power curve
/// with or without air density): each is fitted on the earlier 75 % of the measured hours and judged on how well it
/// predicts the later 25 %, as forecasting meets it. A choice replaces the default only when its hold-out errors are
/// clearly lower (<see cref="Shared.Forecasting.DailyErrorComparison.ClearlyLower"/>): noise alone must not move it.
/// </summary>
internal static class HoldOut
{
    private const double TrainingShare = 0.75;

    /// <summary>Where the hold-out starts in <paramref name="count"/> hours in time order.</summary>
    public static int Split(int count) => (int)(count * TrainingShare);
}
