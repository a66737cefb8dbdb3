using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Networks;
using static TorchSharp.torch;

namespace SolarSync.Modules.Models.Contracts.Networks;

/// <summary>Forward passes of a loaded model (eval mode) on scaled samples; never changes the module, so requests may share it.</summary>
internal static class ModelInference
{
    private const int BatchSize = 256;

    /// <summary>
    /// Runs libtorch's intra-op work on one thread. A served forward pass is a chain of small matrix products;
    /// splitting each over 2 threads costs more in synchronisation than it gains (solar 3×128 LSTM, batch 1: 9.5 ms
    /// median on 2 threads, 1.3 ms on 1, bench/serve.sh), and requests being served already use the other core.
    /// Called by the thread about to run the pass (InferenceBatcher, before each batch): with OpenMP the setting holds
    /// for the calling thread, while other backends share it process-wide, which is why a retrain takes its threads
    /// back at the start of each epoch (ModelTrainer).
    /// </summary>
    public static void UseOneThread()
    {
        if (get_num_threads() != 1) set_num_threads(1);
    }

    /// <summary>Capacity-normalised outputs [Count·Horizon], clipped to [0, 1]; masking night hours is the caller's job.</summary>
    public static float[] Predict(nn.Module<Tensor, Tensor, Tensor> module, FeatureSamples scaled)
    {
        var result = new float[scaled.Count * scaled.Horizon];
        var encoderBlock = scaled.Lookback * scaled.EncoderWidth;
        var decoderBlock = scaled.Horizon * scaled.DecoderWidth;
        for (var start = 0; start < scaled.Count; start += BatchSize)
        {
            var n = Math.Min(BatchSize, scaled.Count - start);
            var encoder = scaled.Encoder.AsSpan(start * encoderBlock, n * encoderBlock).ToArray();
            var decoder = scaled.Decoder.AsSpan(start * decoderBlock, n * decoderBlock).ToArray();
            Forward(module, encoder, decoder, n, scaled.Lookback, scaled.Horizon).CopyTo(result, start * scaled.Horizon);
        }

        return result;
    }

    /// <summary>
    /// One forward pass of <paramref name="count"/> samples, given as row-major blocks [count, lookback, encoder width]
    /// and [count, horizon, decoder width] (the widths follow from the lengths): outputs [count·horizon], clipped to [0, 1].
    /// </summary>
    public static float[] Forward(nn.Module<Tensor, Tensor, Tensor> module, float[] encoder, float[] decoder, int count, int lookback, int horizon)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var output = module.forward(
                tensor(encoder, [count, lookback, encoder.Length / (count * lookback)]),
                tensor(decoder, [count, horizon, decoder.Length / (count * horizon)]))
            .clamp(KeptScalars.Zero, KeptScalars.One).contiguous();
        return output.data<float>().ToArray();
    }
}
