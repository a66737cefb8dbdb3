using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Models;
using SolarSync.Modules.Training.Serving;
using static TorchSharp.torch;

namespace SolarSync.Modules.Training.Registry;

/// <summary>A model version in memory, in eval mode, with everything needed to forecast: scaler, intervals, manifest.</summary>
internal sealed class LoadedModel(
    ModelConfig config, nn.Module<Tensor, Tensor, Tensor> module, FeatureScaler scaler, ConformalCalibration conformal, ModelManifest manifest)
    : IDisposable
{
    public ModelConfig Config { get; } = config;
    public nn.Module<Tensor, Tensor, Tensor> Module { get; } = module;
    public FeatureScaler Scaler { get; } = scaler;

    /// <summary>Calibrated on capacity-normalised values: apply with a capacity of 1.</summary>
    public ConformalCalibration Conformal { get; } = conformal;

    public ModelManifest Manifest { get; } = manifest;
    public string Version => Manifest.Version;

    private readonly Lazy<InferenceBatcher> batcher = new(() => new InferenceBatcher(module, (config.Lookback, config.EncoderWidth, config.DecoderWidth), $"inference {config.Type} {manifest.Version}"));

    /// <summary>Forward passes of served forecasts, batched; started by the first forecast.</summary>
    public InferenceBatcher Batcher => batcher.Value;

    public void Dispose()
    {
        // Queued forecasts finish before the module goes.
        if (batcher.IsValueCreated) batcher.Value.Dispose();
        Module.Dispose();
    }
}
