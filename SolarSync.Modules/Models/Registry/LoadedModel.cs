using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Serving;

namespace SolarSync.Modules.Models.Registry;

/// <summary>A served model version: the <see cref="TrainedModel"/> and the batcher its forecasts share.</summary>
internal sealed class LoadedModel(TrainedModel model) : IDisposable
{
    private readonly Lock gate = new();
    private InferenceBatcher? batcher;
    private Action<int>? batchRan;

    public TrainedModel Model { get; } = model;
    public ModelManifest Manifest => Model.Manifest;
    public string Version => Model.Version;

    /// <summary>Forecaster passes of served forecasts, batched; started by the first forecast.</summary>
    public InferenceBatcher Batcher
    {
        get
        {
            if (Volatile.Read(ref batcher) is { } running) return running;
            lock (gate)
            {
                var f = Model.Forecaster;
                return batcher ??= new InferenceBatcher(f.Predict, (f.Lookback, Manifest.EncoderFeatures.Count, Manifest.DecoderFeatures.Count),
                    $"inference {Manifest.Type} {Version}", size => Volatile.Read(ref batchRan)?.Invoke(size));
            }
        }
    }

    /// <summary>Reports the size of each batch the <see cref="Batcher"/> runs.</summary>
    public void ObserveBatches(Action<int> observer) => Volatile.Write(ref batchRan, observer);

    public void Dispose()
    {
        // Queued forecasts finish before the model goes.
        lock (gate) batcher?.Dispose();
        Model.Dispose();
    }
}
