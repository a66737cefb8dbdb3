namespace SolarSync.Modules.Models.Contracts.Intervals;

/// <summary>
/// Adaptive conformal inference (Gibbs &amp; Candès 2021) in its width-scaling form: split conformal assumes the hours
/// forecast look like the calibration hours, which a season change breaks (a windy winter after a calm autumn). The
/// interval offsets are multiplied by a width factor w that grows after a period whose hours fell outside their
/// intervals more often than 20 % and shrinks otherwise: w ← w·exp(γ·(miss rate − 0.2)) (<see cref="NextWidth"/>). It
/// only uses outcomes already known. The service adapts each model's width per site once a day from its served
/// forecasts; <see cref="Apply"/> replays a test period the same way, forecast by forecast.
/// </summary>
internal static class AdaptiveIntervals
{
    private const double TargetMissRate = 0.2;

    /// <summary>
    /// Step size γ: after a forecast that missed every hour the width grows by e^(0.8γ) ≈ 62 %, so a few weeks of test
    /// days are enough to adapt (0.3 left a 20-day solar test period at 72 % daylight coverage).
    /// </summary>
    public const double DefaultStep = 0.6;

    /// <summary>
    /// Rescales p10/p90 (kW, flattened [sample, lead] in issue order, <paramref name="horizon"/> leads a sample) around
    /// p50, clipped to [<paramref name="floor"/>, capacity] (the floor: the plant's lowest real output, ≤ 0). Hours where <paramref name="counted"/> is false (solar nights) or the actual is
    /// unknown neither count as a hit or a miss nor change.
    /// </summary>
    public static (double[] P10, double[] P90) Apply(
        ReadOnlySpan<double> actual, ReadOnlySpan<double> p10, ReadOnlySpan<double> p50, ReadOnlySpan<double> p90,
        ReadOnlySpan<bool> counted, int horizon, double capacity, double step = DefaultStep, double floor = 0)
    {
        var (lower, upper) = (new double[p50.Length], new double[p50.Length]);
        var width = 1.0;
        for (var start = 0; start < p50.Length; start += horizon)
        {
            var (hours, misses) = (0, 0);
            for (var i = start; i < Math.Min(start + horizon, p50.Length); i++)
            {
                (lower[i], upper[i]) = Widen(p10[i], p50[i], p90[i], width, floor, capacity);
                if (!counted[i] || double.IsNaN(actual[i]) || double.IsNaN(p50[i])) continue;
                hours++;
                if (actual[i] < lower[i] || actual[i] > upper[i]) misses++;
            }

            width = NextWidth(width, hours, misses, step);
        }

        return (lower, upper);
    }

    /// <summary>
    /// The width factor never leaves [1/<see cref="MaxFactor"/>, <see cref="MaxFactor"/>] of the calibrated width. The
    /// factor grows after misses four times as fast as it shrinks after hits (γ·0.8 against γ·0.2 per period), so a
    /// meter that failed for a week, or a plant under repair, would otherwise leave intervals wide for months: from the
    /// bound, full coverage brings it back to 1 in ln 5 / (0.2γ) ≈ 13 days.
    /// </summary>
    public const double MaxFactor = 5;

    /// <summary>The width factor after a period with <paramref name="misses"/> of <paramref name="hours"/> verified hours outside their intervals; unchanged without hours.</summary>
    public static double NextWidth(double width, int hours, int misses, double step = DefaultStep) =>
        hours > 0 ? Math.Clamp(width * Math.Exp(step * ((double)misses / hours - TargetMissRate)), 1 / MaxFactor, MaxFactor) : width;

    /// <summary>p10/p90 moved <paramref name="width"/> times as far from p50, within [<paramref name="floor"/>, <paramref name="top"/>] (kW).</summary>
    public static (double P10, double P90) Widen(double p10, double p50, double p90, double width, double floor, double top) =>
        (Math.Clamp(p50 - width * (p50 - p10), floor, top), Math.Clamp(p50 + width * (p90 - p50), 0, top));
}
