using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// How likely a generating plant is to be available k hours ahead, given its recent state: the share of training hours
/// at lead k that were not outage or curtailment hours, counted separately after a stopped last observed hour, after a
/// last hour without output in weather that promised some, too short a stop yet to be flagged (an outage beginning, or
/// a brief stop), after a lookback in which the plant never produced (calm, or parked before any wind showed it: the
/// two look alike until the wind returns), after a running one with an outage earlier in the lookback (a plant just
/// back from a stop, which stops again more often), and after a lookback without any outage (a plant running
/// steadily). The families learn the plant's output when it runs (outage hours are left out of their training); the
/// point forecast is that output times this share, the expected output over both states. A solar plant's shares count
/// daylight hours only: its nights give nothing, running or not.
/// </summary>
/// <param name="WhenRunning">Per lead hour (index k − 1): share available when the lookback produced and no hour of it was an outage.</param>
/// <param name="WhenDown">Per lead hour: share available when the last observed hour was an outage.</param>
/// <param name="WhenRestarted">
/// Per lead hour: share available when the last observed hour ran but an earlier one of the lookback was an outage.
/// Null when training saw too few such hours, and in models saved before it was counted: <paramref name="WhenRunning"/>
/// then serves every running plant.
/// </param>
/// <param name="WhenSilent">
/// Per lead hour: share available when no hour of the lookback produced and the last was not an outage. Null when
/// training saw too few such hours, and in models saved before it was counted: the shares of the other running states
/// then serve.
/// </param>
/// <param name="WhenStopping">
/// Per lead hour: share available when the last observed hour had no output though its weather promised some, and was
/// not (yet) flagged. Null when training saw too few such hours, and in models saved before it was counted: the shares
/// of the other running states then serve.
/// </param>
public sealed record AvailabilityOutlook(double[] WhenRunning, double[] WhenDown, double[]? WhenRestarted = null, double[]? WhenSilent = null,
    double[]? WhenStopping = null)
{
    /// <summary>Below this many hours at a lead, the share of all leads of that state stands in.</summary>
    private const int MinHoursPerLead = 30;

    private const int Steady = 0, Down = 1, Restarted = 2, Silent = 3, Stopping = 4, States = 5;

    /// <summary>The outlook from labelled training samples; null when the samples carry no availability (demand).</summary>
    public static AvailabilityOutlook? Fit(FeatureSamples raw)
    {
        if (!raw.EncoderFeatures.Contains("unavailable") || raw.Unavailable.Length != raw.Count * raw.Horizon) return null;
        var columns = Columns(raw);
        var (available, counted) = (new int[States, raw.Horizon], new int[States, raw.Horizon]);
        for (var s = 0; s < raw.Count; s++)
        {
            var state = StateOf(raw, columns, s);
            for (var k = 0; k < raw.Horizon; k++)
            {
                var i = s * raw.Horizon + k;
                if (float.IsNaN(raw.Target[i]) || (raw.Solar && !raw.Daylight[i])) continue;
                counted[state, k]++;
                if (!raw.Unavailable[i]) available[state, k]++;
            }
        }

        double[]? SharesIfSeen(int state) =>
            Enumerable.Range(0, raw.Horizon).Sum(k => counted[state, k]) >= MinHoursPerLead ? Shares(available, counted, state, raw.Horizon) : null;
        return new AvailabilityOutlook(Shares(available, counted, Steady, raw.Horizon), Shares(available, counted, Down, raw.Horizon),
            SharesIfSeen(Restarted), SharesIfSeen(Silent), SharesIfSeen(Stopping));
    }

    /// <summary>Multiplies each hour's output by the share for its lead and the sample's recent state.</summary>
    public void Apply(FeatureSamples raw, float[] output)
    {
        var columns = Columns(raw);
        for (var s = 0; s < raw.Count; s++)
        {
            var shares = StateOf(raw, columns, s) switch
            {
                Down => WhenDown,
                Stopping => WhenStopping ?? WhenRunning,
                Silent => WhenSilent ?? WhenRunning,
                Restarted => WhenRestarted ?? WhenRunning,
                _ => WhenRunning,
            };
            for (var k = 0; k < raw.Horizon; k++) output[s * raw.Horizon + k] *= (float)shares[Math.Min(k, shares.Length - 1)];
        }
    }

    // The expectation column is the one the outage rule compares the output with; -1 when the samples lack it.
    private static (int Unavailable, int Power, int Expected) Columns(FeatureSamples raw)
    {
        var expectation = FeatureCatalog.OutageExpectation(raw.Solar ? PlantType.Solar : PlantType.Wind)!;
        return (raw.EncoderColumn("unavailable"), raw.EncoderColumn("power_norm"),
            raw.EncoderFeatures.Contains(expectation) ? raw.EncoderColumn(expectation) : -1);
    }

    // The state from the lookback's outage flags (the encoder's "unavailable" column, judged from past hours only), its
    // output and its weather, so it is known at issue time.
    private static int StateOf(FeatureSamples raw, (int Unavailable, int Power, int Expected) columns, int sample)
    {
        var first = sample * raw.Lookback;
        var last = (first + raw.Lookback - 1) * raw.EncoderWidth;
        if (raw.Encoder[last + columns.Unavailable] > 0.5f) return Down;
        var (known, produced, outage) = (false, false, false);
        for (var row = first; row < first + raw.Lookback; row++)
        {
            var power = raw.Encoder[row * raw.EncoderWidth + columns.Power];
            known |= !float.IsNaN(power);
            produced |= !float.IsNaN(power) && !PlantAvailability.Stopped(power);
            outage |= raw.Encoder[row * raw.EncoderWidth + columns.Unavailable] > 0.5f;
        }

        // A lookback without any known output says nothing about the plant: it is served as one running steadily. A
        // silent plant that stays without output as the weather turns is still silent: it never showed it was running.
        if (known && !produced) return Silent;
        var stopping = columns.Expected >= 0
            && PlantAvailability.StoppedInWeather(raw.Encoder[last + columns.Power], raw.Encoder[last + columns.Expected]);
        if (stopping) return Stopping;
        return outage ? Restarted : Steady;
    }

    private static double[] Shares(int[,] available, int[,] counted, int state, int horizon)
    {
        long allAvailable = 0, allCounted = 0;
        for (var k = 0; k < horizon; k++) (allAvailable, allCounted) = (allAvailable + available[state, k], allCounted + counted[state, k]);
        var pooled = allCounted == 0 ? 1.0 : (double)allAvailable / allCounted;
        return Enumerable.Range(0, horizon).Select(k => counted[state, k] >= MinHoursPerLead ? (double)available[state, k] / counted[state, k] : pooled).ToArray();
    }
}
