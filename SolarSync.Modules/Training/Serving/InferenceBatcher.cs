using System.Threading.Channels;
using SolarSync.Modules.Features.Contracts;
using static TorchSharp.torch;

namespace SolarSync.Modules.Training.Serving;

/// <summary>
/// Runs the forward passes of one model's concurrent forecasts together. A batch-1 pass of a recurrent encoder is a
/// chain of small matrix-vector products whose cost is mostly per-operation overhead, so B samples in one pass cost
/// far less than B passes (bench/serve.sh). One worker thread per model takes every forecast waiting when it is free,
/// up to <see cref="MaxBatch"/>: a lone request waits for no timer, and under load batches grow with the queue.
/// Samples of different horizons share a batch: shorter decoders are zero-padded, which changes none of their hours
/// (each forecast hour depends on the encoder and its own covariates only, see the forecasters).
/// </summary>
internal sealed class InferenceBatcher : IDisposable
{
    public const int MaxBatch = 64;

    private sealed record Pending(FeatureSamples Scaled, TaskCompletionSource<float[]> Result);

    private readonly nn.Module<Tensor, Tensor, Tensor> module;
    private readonly (int Lookback, int EncoderWidth, int DecoderWidth) shape;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread worker;
    private readonly Action<int>? batchRan;

    /// <param name="shape">What the module reads: lookback hours and encoder and decoder widths; every sample must match.</param>
    /// <param name="batchRan">Told the size of every batch that ran (a metric).</param>
    public InferenceBatcher(nn.Module<Tensor, Tensor, Tensor> module, (int Lookback, int EncoderWidth, int DecoderWidth) shape, string name,
        Action<int>? batchRan = null)
    {
        this.module = module;
        this.shape = shape;
        this.batchRan = batchRan;
        worker = new Thread(Run) { IsBackground = true, Name = name };
        worker.Start();
    }

    /// <summary>Capacity-normalised outputs of one scaled sample's Horizon hours, clipped to [0, 1].</summary>
    public Task<float[]> PredictAsync(FeatureSamples scaled)
    {
        if (scaled.Count != 1) throw new ArgumentException($"One sample per forecast, not {scaled.Count}.", nameof(scaled));
        // Checked here, so a wrong sample fails alone instead of failing the batch it would have joined.
        if ((scaled.Lookback, scaled.EncoderWidth, scaled.DecoderWidth) != shape || scaled.Horizon < 1)
        {
            throw new ArgumentException($"The model reads {shape.Lookback} h x {shape.EncoderWidth} encoder and {shape.DecoderWidth} decoder columns; " +
                $"the sample has {scaled.Lookback} h x {scaled.EncoderWidth} and {scaled.DecoderWidth}, horizon {scaled.Horizon}.", nameof(scaled));
        }

        var pending = new Pending(scaled, new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously));
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
        // A thread of its own blocks here, between batches, rather than a pool thread inside every forward pass.
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
        var (count, (lookback, encoderWidth, decoderWidth)) = (batch.Count, shape);
        var horizon = batch.Max(p => p.Scaled.Horizon);

        var encoder = new float[count * lookback * encoderWidth];
        var decoder = new float[count * horizon * decoderWidth];
        for (var i = 0; i < count; i++)
        {
            var s = batch[i].Scaled;
            s.Encoder.AsSpan(0, lookback * encoderWidth).CopyTo(encoder.AsSpan(i * lookback * encoderWidth));
            s.Decoder.AsSpan(0, s.Horizon * decoderWidth).CopyTo(decoder.AsSpan(i * horizon * decoderWidth));
        }

        ModelInference.UseOneThread();
        var all = ModelInference.Forward(module, encoder, decoder, count, lookback, horizon);

        var results = new float[count][];
        for (var i = 0; i < count; i++) results[i] = all.AsSpan(i * horizon, batch[i].Scaled.Horizon).ToArray();
        return results;
    }
}
