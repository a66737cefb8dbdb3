using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// One row per forecast hour for the tree family: the hour's decoder columns (weather, calibrated physics, calendar,
/// lead time, same-hour power of earlier days), the last observed hour's encoder columns (latest output, its deviation
/// from the calibrated physics, rolling statistics, availability), the mean deviation over the last 3, 6 and 24 hours,
/// and the residual baseline. Trees need no scaling; NaN stays NaN (missing).
/// </summary>
internal static class TabularRows
{
    private static readonly int[] DeviationWindows = [3, 6, 24];

    public static int Width(FeatureSamples raw) => raw.DecoderWidth + raw.EncoderWidth + DeviationWindows.Length + 1;

    /// <summary>Rows of the given flattened (sample, lead) indices, row-major [indices.Count, Width].</summary>
    public static float[] Build(FeatureSamples raw, float[] baseline, IReadOnlyList<int> indices)
    {
        var width = Width(raw);
        var rows = new float[(long)indices.Count * width];
        var deviation = raw.EncoderColumn("power_deviation");
        var means = new float[raw.Count * DeviationWindows.Length];
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

        for (var r = 0; r < indices.Count; r++)
        {
            var i = indices[r];
            var s = i / raw.Horizon;
            var target = rows.AsSpan((int)((long)r * width), width);
            raw.Decoder.AsSpan(i * raw.DecoderWidth, raw.DecoderWidth).CopyTo(target);
            raw.Encoder.AsSpan((s * raw.Lookback + raw.Lookback - 1) * raw.EncoderWidth, raw.EncoderWidth).CopyTo(target[raw.DecoderWidth..]);
            means.AsSpan(s * DeviationWindows.Length, DeviationWindows.Length).CopyTo(target[(raw.DecoderWidth + raw.EncoderWidth)..]);
            target[^1] = baseline[i];
        }

        return rows;
    }
}
