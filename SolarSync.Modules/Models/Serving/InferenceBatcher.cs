using System.Threading.Channels;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Networks;

namespace SolarSync.Modules.Models.Serving;

/// <summary>
/// Runs the model passes of one model's concurrent forecasts together. A batch-1 pass of a recurrent encoder is a
/// chain of small matrix-vector products whose cost is mostly per-operation overhead, so B samples in one pass cost
/// far less than B passes (bench/serve.sh); trees gain less but the same way (one native call). One worker thread per
/// model takes every forecast waiting when it is free, up to <see cref="MaxBatch"/>: a lone request waits for no
/// timer, and under load batches grow with the queue. Samples of different horizons share a batch: shorter ones are
/// padded with empty hours, which changes none of their own (each forecast hour depends on the history and its own
/// covariates only, see the forecasters).
/// </summary>
internal sealed class InferenceBatcher : IDisposable
{
    public const int MaxBatch = 64;

    private sealed record Pending(FeatureSamples Raw, TaskCompletionSource<float[]> Result);

    private readonly Func<FeatureSamples, float[]> predict;
    private readonly (int Lookback, int EncoderWidth, int DecoderWidth) shape;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread worker;
    private readonly Action<int>? batchRan;

    /// <param name="predict">The model's pass over unscaled samples: outputs [Count·Horizon].</param>
    /// <param name="shape">What the model reads: lookback hours and encoder and decoder widths; every sample must match.</param>
    /// <param name="batchRan">Told the size of every batch that ran (a metric).</param>
    public InferenceBatcher(Func<FeatureSamples, float[]> predict, (int Lookback, int EncoderWidth, int DecoderWidth) shape, string name,
        Action<int>? batchRan = null)
    {
        this.predict = predict;
        this.shape = shape;
        this.batchRan = batchRan;
        worker = new Thread(Run) { IsBackground = true, Name = name };
        worker.Start();
    }

    /// <summary>The model's outputs for one unscaled sample's Horizon hours.</summary>
    public Task<float[]> PredictAsync(FeatureSamples raw)
    {
        if (raw.Count != 1) throw new ArgumentException($"One sample per forecast, not {raw.Count}.", nameof(raw));
        // Checked here, so a wrong sample fails alone instead of failing the batch it would have joined.
        if ((raw.Lookback, raw.EncoderWidth, raw.DecoderWidth) != shape || raw.Horizon < 1)
        {
            throw new ArgumentException($"The model reads {shape.Lookback} h x {shape.EncoderWidth} encoder and {shape.DecoderWidth} decoder columns; " +
                $"the sample has {raw.Lookback} h x {raw.EncoderWidth} and {raw.DecoderWidth}, horizon {raw.Horizon}.", nameof(raw));
        }

        var pending = new Pending(raw, new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(InferenceBatcher));
        return pending.Result.Task;
    }

    /// <summary>Finishes the forecasts already queued, then stops the worker.</summary>
    public void Dispose()
    {
        queue.Writer.TryComplete();
        worker.Join();
    }

    private void Run()
    {
        var batch = new List<Pending>(MaxBatch);
        var reader = queue.Reader;
        // A thread of its own blocks here, between batches, rather than a pool thread inside every pass.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                var outputs = Forward(batch);
                batchRan?.Invoke(batch.Count);
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(outputs[i]);
            }
            catch (Exception e)
            {
                foreach (var pending in batch) pending.Result.TrySetException(e);
            }

            batch.Clear();
        }
    }

    private float[][] Forward(List<Pending> batch)
    {
        var horizon = batch.Max(p => p.Raw.Horizon);
        ModelInference.UseOneThread();
        var all = predict(FeatureSamples.Concat(batch.Select(p => PadTo(p.Raw, horizon)).ToList()));
        var results = new float[batch.Count][];
        for (var i = 0; i < batch.Count; i++) results[i] = all.AsSpan(i * horizon, batch[i].Raw.Horizon).ToArray();
        return results;
    }

    /// <summary>The sample with empty (zero) hours appended up to <paramref name="horizon"/>.</summary>
    private static FeatureSamples PadTo(FeatureSamples s, int horizon)
    {
        if (s.Horizon == horizon) return s;
        static T[] Pad<T>(T[] values, int length) { var padded = new T[length]; values.AsSpan().CopyTo(padded); return padded; }
        return s with
        {
            Horizon = horizon,
            Decoder = Pad(s.Decoder, horizon * s.DecoderWidth),
            Target = Pad(s.Target, horizon),
            Daylight = Pad(s.Daylight, horizon),
            PhysicalKw = Pad(s.PhysicalKw, horizon),
            ClearSkyKw = Pad(s.ClearSkyKw, horizon),
            CalibratedKw = Pad(s.CalibratedKw, s.CalibratedKw.Length == 0 ? 0 : horizon),
            Unavailable = Pad(s.Unavailable, s.Unavailable.Length == 0 ? 0 : horizon),
        };
    }
}
