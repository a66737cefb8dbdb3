using static TorchSharp.torch;

namespace SolarSync.Modules.Models.Contracts.Networks;

/// <summary>Builds the forecaster a <see cref="ModelConfig"/> describes.</summary>
internal static class Forecasters
{
    /// <summary>
    /// Seeds TorchSharp's generator with <see cref="ModelConfig.Seed"/> and then constructs the model, so the same
    /// configuration always starts from the same weights.
    /// </summary>
    public static nn.Module<Tensor, Tensor, Tensor> Create(ModelConfig config)
    {
        config.Validate();
        manual_seed(config.Seed);
        return config.Type switch
        {
            ModelConfig.Solar => new SolarLstmForecaster(
                config.EncoderWidth, config.DecoderWidth, config.Hidden, config.Layers, config.Dropout),
            ModelConfig.Wind or ModelConfig.Load => new WindGruAttentionForecaster(
                config.EncoderWidth, config.DecoderWidth, config.Hidden, config.Layers, config.Dropout),
            _ => throw new ArgumentException($"Unknown model type '{config.Type}'.", nameof(config)),
        };
    }
}
