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

    /// <summary>The encoder column of a feature.</summary>
    public int EncoderColumn(string name) => ColumnOf(EncoderFeatures, name);

    /// <summary>The decoder column of a feature.</summary>
    public int DecoderColumn(string name) => ColumnOf(DecoderFeatures, name);

    private static int ColumnOf(IReadOnlyList<string> names, string name)
    {
        for (var c = 0; c < names.Count; c++)
        {
            if (names[c] == name) return c;
        }

        throw new KeyNotFoundException($"No feature column named '{name}'.");
    }
}
