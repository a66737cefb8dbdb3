using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Models.Contracts.Intervals;

/// <summary>
/// The most a plant can give in each forecast hour, as a share of capacity, for intervals that scale with it: solar its
/// clear-sky output (no sky gives much more), never under <see cref="MinShare"/>; other plants their capacity (1).
/// </summary>
internal static class IntervalCeiling
{
    /// <summary>
    /// Low sun and the hours around sunrise have a clear-sky output near 0, but diffuse light, cloud enhancement and a
    /// clock a few minutes off still give some output: a floor keeps their normalised errors from dominating.
    /// </summary>
    public const double MinShare = 0.05;

    /// <summary>Per flattened (sample, lead) hour; null when the plant's ceiling is its capacity.</summary>
    public static double[]? Of(FeatureSamples raw)
    {
        if (!raw.Solar) return null;
        var column = raw.DecoderColumn("clear_sky_kw_norm");
        var ceiling = new double[raw.Count * raw.Horizon];
        for (var i = 0; i < ceiling.Length; i++) ceiling[i] = Math.Clamp(raw.Decoder[i * raw.DecoderWidth + column], MinShare, 1);
        return ceiling;
    }
}
