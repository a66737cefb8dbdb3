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
    private readonly Lock gate = new();
    private InferenceBatcher? batcher;
    private Action<int>? batchRan;

    public ModelConfig Config { get; } = config;
    public nn.Module<Tensor, Tensor, Tensor> Module { get; } = module;
    public FeatureScaler Scaler { get; } = scaler;

    /// <summary>Calibrated on capacity-normalised values: apply with a capacity of 1.</summary>
    public ConformalCalibration Conformal { get; } = conformal;

    public ModelManifest Manifest { get; } = manifest;
    public string Version => Manifest.Version;

    /// <summary>Forward passes of served forecasts, batched; started by the first forecast.</summary>
    public InferenceBatcher Batcher
    {
        get
        {
            if (Volatile.Read(ref batcher) is { } running) return running;
            lock (gate)
            {
                return batcher ??= new InferenceBatcher(Module, (Config.Lookback, Config.EncoderWidth, Config.DecoderWidth),
                    $"inference {Config.Type} {Version}", size => Volatile.Read(ref batchRan)?.Invoke(size));
            }
        }
    }

    /// <summary>Reports the size of each batch the <see cref="Batcher"/> runs.</summary>
    public void ObserveBatches(Action<int> observer) => Volatile.Write(ref batchRan, observer);

    public void Dispose()
    {
        // Queued forecasts finish before the module goes.
        lock (gate) batcher?.Dispose();
        Module.Dispose();
    }
}
