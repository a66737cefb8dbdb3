namespace SolarSync.Modules.Features.Contracts;

/// <summary>
/// Model-ready tensors of <see cref="Count"/> samples, one per issue time, as row-major float arrays. Sample s, row j,
/// column c of the encoder is <c>Encoder[(s·Lookback + j)·EncoderWidth + c]</c>; decoder and per-hour arrays follow
/// the same pattern with <see cref="Horizon"/> rows. Column c is named by <see cref="EncoderFeatures"/>[c]
/// (see <see cref="FeatureCatalog"/>).
/// </summary>
/// <param name="Encoder">[Count, Lookback, EncoderWidth]: hours t − Lookback … t − 1.</param>
/// <param name="Decoder">[Count, Horizon, DecoderWidth]: forecast hours t … t + Horizon − 1.</param>
/// <param name="Target">[Count, Horizon]: power ÷ capacity of each forecast hour, NaN where unknown.</param>
/// <param name="IssueTimes">UTC start of each sample's first forecast hour.</param>
/// <param name="Daylight">[Count, Horizon]: the sun is above the horizon at mid-hour.</param>
/// <param name="PhysicalKw">
/// [Count, Horizon]: physical-model output (PVWatts or power curve), kW, from the future weather (or the history's
/// weather when none is given), whether or not the decoder uses it: a baseline, never a model input. NaN without weather.
/// </param>
/// <param name="ClearSkyKw">[Count, Horizon]: clear-sky plant output, kW (solar); 0 for wind.</param>
public sealed record FeatureSamples(
    int Count,
    int Lookback,
    int Horizon,
    int EncoderWidth,
    int DecoderWidth,
    float[] Encoder,
    float[] Decoder,
    float[] Target,
    DateTimeOffset[] IssueTimes,
    bool[] Daylight,
    float[] PhysicalKw,
    float[] ClearSkyKw)
{
    /// <summary>Encoder column names, in order; empty when the samples were not made by the feature builder.</summary>
    public IReadOnlyList<string> EncoderFeatures { get; init; } = [];

    /// <summary>Decoder column names, in order; empty when the samples were not made by the feature builder.</summary>
    public IReadOnlyList<string> DecoderFeatures { get; init; } = [];

    /// <summary>
    /// [Count, Horizon]: the plant's calibrated physical output (<see cref="PlantCalibration"/>, or the nameplate
    /// physics without one), kW, from the same weather as <see cref="PhysicalKw"/>; NaN without weather.
    /// </summary>
    public float[] CalibratedKw { get; init; } = [];

    /// <summary>
    /// [Count, Horizon]: the hour was an outage or a curtailment by the plant's own measurements (see the Validation
    /// module's PlantAvailability, judged with hindsight): a label for scoring and for leaving such hours out of
    /// training, never a model input. All false for demand.
    /// </summary>
    public bool[] Unavailable { get; init; } = [];

    /// <summary>Samples of a solar plant: only solar's features hold the clear-sky plant output.</summary>
    public bool Solar => DecoderFeatures.Contains("clear_sky_kw_norm");

    /// <summary>The encoder column of a feature.</summary>
    public int EncoderColumn(string name) => ColumnOf(EncoderFeatures, name);

    /// <summary>The decoder column of a feature.</summary>
    public int DecoderColumn(string name) => ColumnOf(DecoderFeatures, name);

    /// <summary>Several sample sets (same shapes and columns) as one, in the order given.</summary>
    public static FeatureSamples Concat(IReadOnlyList<FeatureSamples> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("Nothing to concatenate.", nameof(parts));
        var first = parts[0];
        foreach (var p in parts)
        {
            if (p.Lookback != first.Lookback || p.Horizon != first.Horizon || !p.EncoderFeatures.SequenceEqual(first.EncoderFeatures)
                || !p.DecoderFeatures.SequenceEqual(first.DecoderFeatures) || p.EncoderWidth != first.EncoderWidth
                || p.DecoderWidth != first.DecoderWidth)
            {
                throw new ArgumentException("Every part must have the same shapes and feature columns.", nameof(parts));
            }
        }

        return new FeatureSamples(parts.Sum(p => p.Count), first.Lookback, first.Horizon, first.EncoderWidth, first.DecoderWidth,
            Join(parts, p => p.Encoder), Join(parts, p => p.Decoder), Join(parts, p => p.Target), Join(parts, p => p.IssueTimes),
            Join(parts, p => p.Daylight), Join(parts, p => p.PhysicalKw), Join(parts, p => p.ClearSkyKw))
        {
            EncoderFeatures = first.EncoderFeatures,
            DecoderFeatures = first.DecoderFeatures,
            CalibratedKw = parts.All(p => p.CalibratedKw.Length == p.Count * p.Horizon) ? Join(parts, p => p.CalibratedKw) : [],
            Unavailable = parts.All(p => p.Unavailable.Length == p.Count * p.Horizon) ? Join(parts, p => p.Unavailable) : [],
        };
    }

    private static T[] Join<T>(IReadOnlyList<FeatureSamples> parts, Func<FeatureSamples, T[]> array)
    {
        var result = new T[parts.Sum(p => (long)array(p).Length)];
        long offset = 0;
        foreach (var part in parts)
        {
            var values = array(part);
            Array.Copy(values, 0, result, offset, values.Length);
            offset += values.Length;
        }

        return result;
    }

    private static int ColumnOf(IReadOnlyList<string> names, string name)
    {
        for (var c = 0; c < names.Count; c++)
        {
            if (names[c] == name) return c;
        }

        throw new KeyNotFoundException($"No feature column named '{name}'.");
    }
}
