using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// One row per forecast hour for the tree family: the hour's decoder columns (weather, calibrated physics, calendar,
/// lead time, same-hour power of earlier days), the calibrated physics and the main weather driver of the hours
/// before and after it, the last observed hour's encoder columns (latest output, its deviation from the calibrated
/// physics, rolling statistics, availability), the mean deviation over the last 3, 6 and 24 hours, and the residual
/// baseline. Trees need no scaling; NaN stays NaN (missing).
/// </summary>
/// <remarks>
/// The neighbouring hours matter because weather products label an hour differently (an instant, the mean of the
/// hour before, the mean of the hour after) and a plant's output within an hour follows a moving sky: the trees learn
/// how the plant's hour relates to its weather's hours instead of assuming one convention. They are NaN at the ends of
/// the forecast, as they are at the ends of training samples.
///
/// Solar rows leave the day of year and the weekday empty (NaN, which trees never split on): a PV plant's output
/// follows its weather and the sun, the sun's position and the temperature already carry the season, and with a few
/// months or years of history a day-of-year split names a few weeks of it, a weekday split a chance pattern. Wind keeps
/// them: seasonal regimes (stability, icing, maintenance campaigns) show in no other column, and validation on real
/// turbines lost without them.
/// </remarks>
internal static class TabularRows
{
    private static readonly int[] DeviationWindows = [3, 6, 24];
    private static readonly string[] NeighbourColumns = ["calibrated_kw_norm", "clear_sky_index", "hub_speed"];
    private static readonly int[] NeighbourOffsets = [-1, 1];
    private static readonly string[] DateColumns = ["doy_sin", "doy_cos", "weekday_sin", "weekday_cos"];

    /// <summary>The width of a row of <paramref name="layout"/> (today's when null).</summary>
    public static int Width(FeatureSamples raw, TabularLayout? layout = null) =>
        raw.DecoderWidth + ((layout ?? TabularLayout.Current).Neighbours ? Neighbours(raw).Length * NeighbourOffsets.Length : 0) + raw.EncoderWidth
        + DeviationWindows.Length + 1;

    /// <summary>Rows of the given flattened (sample, lead) indices, row-major [indices.Count, Width], in <paramref name="layout"/> (today's when null).</summary>
    public static float[] Build(FeatureSamples raw, float[] baseline, IReadOnlyList<int> indices, TabularLayout? layout = null)
    {
        var (withNeighbours, withoutDates) = layout ?? TabularLayout.Current;
        var width = Width(raw, layout);
        var neighbours = withNeighbours ? Neighbours(raw) : [];
        var (decoderDates, encoderDates) = withoutDates && raw.Solar ? (Columns(raw.DecoderFeatures), Columns(raw.EncoderFeatures)) : ([], []);
        var hasWeather = raw.DecoderColumn("has_weather");
        var rows = new float[(long)indices.Count * width];
        var means = DeviationMeans(raw);
        for (var r = 0; r < indices.Count; r++)
        {
            var i = indices[r];
            var s = i / raw.Horizon;
            var k = i % raw.Horizon;
            var target = rows.AsSpan((int)((long)r * width), width);
            raw.Decoder.AsSpan(i * raw.DecoderWidth, raw.DecoderWidth).CopyTo(target);
            foreach (var column in decoderDates) target[column] = float.NaN;
            var at = raw.DecoderWidth;
            foreach (var offset in NeighbourOffsets)
            {
                var n = k + offset;
                var inside = n >= 0 && n < raw.Horizon && raw.Decoder[(s * raw.Horizon + n) * raw.DecoderWidth + hasWeather] > 0.5f;
                foreach (var column in neighbours)
                {
                    target[at++] = inside ? raw.Decoder[(s * raw.Horizon + n) * raw.DecoderWidth + column] : float.NaN;
                }
            }

            raw.Encoder.AsSpan((s * raw.Lookback + raw.Lookback - 1) * raw.EncoderWidth, raw.EncoderWidth).CopyTo(target[at..]);
            foreach (var column in encoderDates) target[at + column] = float.NaN;
            at += raw.EncoderWidth;
            means.AsSpan(s * DeviationWindows.Length, DeviationWindows.Length).CopyTo(target[at..]);
            target[^1] = baseline[i];
        }

        return rows;
    }

    private static int[] Columns(IReadOnlyList<string> features) =>
        Enumerable.Range(0, features.Count).Where(c => DateColumns.Contains(features[c])).ToArray();

    private static int[] Neighbours(FeatureSamples raw) =>
        NeighbourColumns.Where(raw.DecoderFeatures.Contains).Select(raw.DecoderColumn).ToArray();

    private static float[] DeviationMeans(FeatureSamples raw)
    {
        var means = new float[raw.Count * DeviationWindows.Length];
        // Demand has no physics to deviate from.
        if (!raw.EncoderFeatures.Contains("power_deviation"))
        {
            means.AsSpan().Fill(float.NaN);
            return means;
        }

        var deviation = raw.EncoderColumn("power_deviation");
        for (var s = 0; s < raw.Count; s++)
        {
            for (var w = 0; w < DeviationWindows.Length; w++)
            {
                double sum = 0;
                var n = 0;
                for (var j = Math.Max(0, raw.Lookback - DeviationWindows[w]); j < raw.Lookback; j++)
                {
                    var v = raw.Encoder[(s * raw.Lookback + j) * raw.EncoderWidth + deviation];
                    if (float.IsNaN(v)) continue;
                    sum += v;
                    n++;
                }

                means[s * DeviationWindows.Length + w] = n == 0 ? float.NaN : (float)(sum / n);
            }
        }

        return means;
    }
}

/// <summary>
/// How a tree model's rows are laid out. Models keep the layout they were trained with: those trained before the
/// neighbouring hours (<see cref="Neighbours"/>) or before solar rows left the date out (<see cref="WithoutDates"/>) still
/// load and serve.
/// </summary>
internal readonly record struct TabularLayout(bool Neighbours, bool WithoutDates)
{
    public static TabularLayout Current { get; } = new(Neighbours: true, WithoutDates: true);
}
