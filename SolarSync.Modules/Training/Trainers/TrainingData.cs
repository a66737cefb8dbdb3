using SolarSync.Modules.Models.Contracts.Networks;

namespace SolarSync.Modules.Training.Trainers;

/// <summary>
/// Samples for a forecaster as flat row-major arrays: <see cref="Encoder"/> [Count, Lookback, EncoderWidth],
/// <see cref="Decoder"/> [Count, Horizon, DecoderWidth], <see cref="Target"/> [Count, Horizon] (power / capacity;
/// NaN = unknown, left out of the loss) and <see cref="Mask"/> [Count, Horizon] (daylight: where false the output
/// is forced to 0 and the hour is left out of the loss; all true for wind).
/// </summary>
internal sealed record TrainingData(
    int Count,
    int Lookback,
    int Horizon,
    int EncoderWidth,
    int DecoderWidth,
    float[] Encoder,
    float[] Decoder,
    float[] Target,
    bool[] Mask)
{
    /// <summary>A mask of all true (wind: every hour counts).</summary>
    public static bool[] AllHours(int count, int horizon)
    {
        var mask = new bool[count * horizon];
        Array.Fill(mask, true);
        return mask;
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the arrays do not have the stated shapes, the shapes differ from
    /// the model's, or an input feature is not finite (a NaN input would poison every weight it reaches; targets
    /// may be NaN).
    /// </summary>
    public void Validate(ModelConfig config, string name)
    {
        if (Lookback != config.Lookback || Horizon != config.Horizon
            || EncoderWidth != config.EncoderWidth || DecoderWidth != config.DecoderWidth)
        {
            throw new ArgumentException(
                $"{name}: shapes (lookback {Lookback}, horizon {Horizon}, encoder {EncoderWidth}, decoder {DecoderWidth}) " +
                $"differ from the model's ({config.Lookback}, {config.Horizon}, {config.EncoderWidth}, {config.DecoderWidth}).",
                name);
        }

        Validate(name);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the arrays do not have the stated shapes or an input is not finite.</summary>
    public void Validate(string name)
    {
        if (Count < 0 || Lookback <= 0 || Horizon <= 0 || EncoderWidth <= 0 || DecoderWidth <= 0)
        {
            throw new ArgumentException($"{name}: Count must not be negative and the shapes must be positive.", name);
        }

        RequireLength(Encoder.Length, (long)Count * Lookback * EncoderWidth, nameof(Encoder), name);
        RequireLength(Decoder.Length, (long)Count * Horizon * DecoderWidth, nameof(Decoder), name);
        RequireLength(Target.Length, (long)Count * Horizon, nameof(Target), name);
        RequireLength(Mask.Length, (long)Count * Horizon, nameof(Mask), name);
        RequireFinite(Encoder, nameof(Encoder), name);
        RequireFinite(Decoder, nameof(Decoder), name);
    }

    private static void RequireLength(int actual, long expected, string array, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name}: {array} holds {actual} values, its shape needs {expected}.", name);
        }
    }

    private static void RequireFinite(float[] values, string array, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}: {array}[{i}] is {values[i]}; input features must be finite.", name);
            }
        }
    }
}
