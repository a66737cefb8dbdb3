using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Models;
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

    public void Dispose() => Module.Dispose();
}
