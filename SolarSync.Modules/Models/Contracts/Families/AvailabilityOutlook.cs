using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// How likely a wind plant is to be available k hours ahead, given whether it was available at the last observed
/// hour: the share of training hours at lead k that were not outage or curtailment hours, counted separately after a
/// running and after a stopped last hour. The families learn the plant's output when it runs (outage hours are left
/// out of their training); the point forecast is that output times this share, the expected output over both states.
/// </summary>
/// <param name="WhenRunning">Per lead hour (index k − 1): share available when the last observed hour was.</param>
/// <param name="WhenDown">Per lead hour: share available when the last observed hour was an outage.</param>
public sealed record AvailabilityOutlook(double[] WhenRunning, double[] WhenDown)
{
    /// <summary>Below this many hours at a lead, the share of all leads of that state stands in.</summary>
    private const int MinHoursPerLead = 30;

    /// <summary>The outlook from labelled training samples; null when the samples carry no availability (solar).</summary>
    public static AvailabilityOutlook? Fit(FeatureSamples raw)
    {
        if (!raw.EncoderFeatures.Contains("unavailable") || raw.Unavailable.Length != raw.Count * raw.Horizon) return null;
        var state = raw.EncoderColumn("unavailable");
        var (available, counted) = (new int[2, raw.Horizon], new int[2, raw.Horizon]);
        for (var s = 0; s < raw.Count; s++)
        {
            var down = raw.Encoder[(s * raw.Lookback + raw.Lookback - 1) * raw.EncoderWidth + state] > 0.5f ? 1 : 0;
            for (var k = 0; k < raw.Horizon; k++)
            {
                var i = s * raw.Horizon + k;
                if (float.IsNaN(raw.Target[i])) continue;
                counted[down, k]++;
                if (!raw.Unavailable[i]) available[down, k]++;
            }
        }

        return new AvailabilityOutlook(Shares(available, counted, 0, raw.Horizon), Shares(available, counted, 1, raw.Horizon));
    }

    /// <summary>Multiplies each hour's output by the share for its lead and the sample's last observed state.</summary>
    public void Apply(FeatureSamples raw, float[] output)
    {
        var state = raw.EncoderColumn("unavailable");
        for (var s = 0; s < raw.Count; s++)
        {
            var shares = raw.Encoder[(s * raw.Lookback + raw.Lookback - 1) * raw.EncoderWidth + state] > 0.5f ? WhenDown : WhenRunning;
            for (var k = 0; k < raw.Horizon; k++) output[s * raw.Horizon + k] *= (float)shares[Math.Min(k, shares.Length - 1)];
        }
    }

    private static double[] Shares(int[,] available, int[,] counted, int state, int horizon)
    {
        long allAvailable = 0, allCounted = 0;
        for (var k = 0; k < horizon; k++) (allAvailable, allCounted) = (allAvailable + available[state, k], allCounted + counted[state, k]);
        var pooled = allCounted == 0 ? 1.0 : (double)allAvailable / allCounted;
        return Enumerable.Range(0, horizon).Select(k => counted[state, k] >= MinHoursPerLead ? (double)available[state, k] / counted[state, k] : pooled).ToArray();
    }
}
