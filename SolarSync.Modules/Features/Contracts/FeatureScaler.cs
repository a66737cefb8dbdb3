using System.Text.Json;

namespace SolarSync.Modules.Features.Contracts;

/// <summary>Mean and standard deviation one column is scaled with: x' = (x − Mean) / Std.</summary>
public sealed record FeatureScale(string Name, double Mean, double Std);

/// <summary>
/// Per-column standardisation fitted on the training samples only and saved with the model (<see cref="ToJson"/>).
/// Columns the catalog marks as not standardised (power ÷ capacity, flags, sin/cos, ratios: already of order one)
/// keep mean 0 and std 1, so power inputs stay on the target's scale. A column with no spread also gets std 1. After
/// scaling, a missing (NaN) input becomes 0, the training mean.
/// </summary>
public sealed class FeatureScaler
{
    // A column whose spread is below this is constant for practical purposes; dividing by it would only amplify noise.
    private const double MinStd = 1e-6;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private FeatureScaler(IReadOnlyList<FeatureScale> encoder, IReadOnlyList<FeatureScale> decoder)
    {
        Encoder = encoder;
        Decoder = decoder;
    }

    /// <summary>One scale per encoder column, in column order.</summary>
    public IReadOnlyList<FeatureScale> Encoder { get; }

    /// <summary>One scale per decoder column, in column order.</summary>
    public IReadOnlyList<FeatureScale> Decoder { get; }

    /// <summary>
    /// Fits every column over all rows of the training samples, ignoring NaN. Columns are looked up in the catalog by
    /// name; samples without names (not made by the builder) have every column standardised.
    /// </summary>
    public static FeatureScaler Fit(FeatureSamples train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return new FeatureScaler(
            FitBlock(train.Encoder, train.EncoderWidth, train.EncoderFeatures, FeatureBlock.Encoder),
            FitBlock(train.Decoder, train.DecoderWidth, train.DecoderFeatures, FeatureBlock.Decoder));
    }

    /// <summary>Scaled copies of the encoder and decoder; the other arrays are shared with the input.</summary>
    public FeatureSamples Apply(FeatureSamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        RequireSameColumns(Encoder, samples.EncoderWidth, samples.EncoderFeatures, "encoder");
        RequireSameColumns(Decoder, samples.DecoderWidth, samples.DecoderFeatures, "decoder");
        return samples with
        {
            Encoder = ApplyBlock(samples.Encoder, Encoder),
            Decoder = ApplyBlock(samples.Decoder, Decoder),
        };
    }

    public string ToJson() => JsonSerializer.Serialize(new ScalerDocument(Encoder, Decoder), Json);

    public static FeatureScaler FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var document = JsonSerializer.Deserialize<ScalerDocument>(json, Json)
            ?? throw new FormatException("The scaler JSON is empty.");
        return new FeatureScaler(Validated(document.Encoder, "encoder"), Validated(document.Decoder, "decoder"));
    }

    private static FeatureScale[] FitBlock(float[] values, int width, IReadOnlyList<string> names, FeatureBlock block)
    {
        if (width < 0 || (width == 0 ? values.Length != 0 : values.Length % width != 0))
        {
            throw new ArgumentException($"The {block} array does not hold whole rows of {width} columns.", nameof(values));
        }

        if (names.Count != 0 && names.Count != width)
        {
            throw new ArgumentException($"The {block} has {width} columns but {names.Count} names.", nameof(names));
        }

        // Sums in double: two years of hourly rows times the lookback is ~10⁶ values per column.
        var n = new long[width];
        var sum = new double[width];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (float.IsNaN(v)) continue;
            var c = i % width;
            n[c]++;
            sum[c] += v;
        }

        var mean = new double[width];
        for (var c = 0; c < width; c++) mean[c] = n[c] > 0 ? sum[c] / n[c] : 0;

        // Second pass about the mean: numerically safer than Σx² − n·mean² when the mean is large (pressure in hPa).
        var squares = new double[width];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (float.IsNaN(v)) continue;
            var c = i % width;
            var d = v - mean[c];
            squares[c] += d * d;
        }

        var scales = new FeatureScale[width];
        for (var c = 0; c < width; c++)
        {
            var name = names.Count == 0 ? "" : names[c];
            var standardised = names.Count == 0 || FeatureCatalog.Find(block, name)?.Standardised != false;
            var std = n[c] > 0 ? Math.Sqrt(squares[c] / n[c]) : 0;
            scales[c] = !standardised ? new FeatureScale(name, 0, 1)
                : std < MinStd ? new FeatureScale(name, mean[c], 1)
                : new FeatureScale(name, mean[c], std);
        }

        return scales;
    }

    private static float[] ApplyBlock(float[] values, IReadOnlyList<FeatureScale> scales)
    {
        var width = scales.Count;
        if (width == 0) return [];
        var mean = scales.Select(s => s.Mean).ToArray();
        var inverseStd = scales.Select(s => 1 / s.Std).ToArray();
        var scaled = new float[values.Length];
        for (long row = 0; row < values.Length; row += width)
        {
            for (var c = 0; c < width; c++)
            {
                var v = values[row + c];
                scaled[row + c] = float.IsNaN(v) ? 0 : (float)((v - mean[c]) * inverseStd[c]);
            }
        }

        return scaled;
    }

    private static void RequireSameColumns(IReadOnlyList<FeatureScale> scales, int width, IReadOnlyList<string> names, string block)
    {
        if (width != scales.Count)
        {
            throw new ArgumentException($"The scaler was fitted on {scales.Count} {block} columns, the samples have {width}.");
        }

        if (names.Count == 0) return;
        for (var c = 0; c < width; c++)
        {
            if (scales[c].Name.Length != 0 && scales[c].Name != names[c])
            {
                throw new ArgumentException($"{block} column {c} is '{names[c]}', but the scaler was fitted on '{scales[c].Name}'.");
            }
        }
    }

    private static FeatureScale[] Validated(IReadOnlyList<FeatureScale>? scales, string block)
    {
        if (scales is null) throw new FormatException($"The scaler JSON has no {block} scales.");
        foreach (var scale in scales)
        {
            if (scale?.Name is null || !double.IsFinite(scale.Mean) || !(scale.Std > 0) || !double.IsFinite(scale.Std))
            {
                throw new FormatException($"The scaler JSON has an invalid {block} scale.");
            }
        }

        return [.. scales];
    }

    private sealed record ScalerDocument(IReadOnlyList<FeatureScale> Encoder, IReadOnlyList<FeatureScale> Decoder);
}
