using static TorchSharp.torch;

namespace SolarSync.Modules.Training.Trainers;

/// <summary>
/// One <see cref="TrainingData"/> as tensors, copied once so that a mini-batch is a native gather (shuffled
/// training) or a view (evaluation) rather than a managed copy per batch.
/// </summary>
internal sealed class SampleTensors : IDisposable
{
    private SampleTensors(Tensor encoder, Tensor decoder, Tensor target, Tensor include)
    {
        Encoder = encoder;
        Decoder = decoder;
        Target = target;
        Include = include;
    }

    public Tensor Encoder { get; }
    public Tensor Decoder { get; }
    public Tensor Target { get; }
    public Tensor Include { get; }
    public long Count => Encoder.shape[0];

    public static SampleTensors From(TrainingData data)
    {
        // Detached from any caller's dispose scope: these tensors live as long as this object.
        return new SampleTensors(
            tensor(data.Encoder, [data.Count, data.Lookback, data.EncoderWidth]).DetachFromDisposeScope(),
            tensor(data.Decoder, [data.Count, data.Horizon, data.DecoderWidth]).DetachFromDisposeScope(),
            tensor(data.Target, [data.Count, data.Horizon]).DetachFromDisposeScope(),
            tensor(data.Mask, [data.Count, data.Horizon]).DetachFromDisposeScope());
    }

    /// <summary>Hours whose target is known and included (what the loss counts).</summary>
    public long CountedHours()
    {
        using var _ = NewDisposeScope();
        return Include.logical_and(Target.isnan().logical_not()).sum().item<long>();
    }

    public (Tensor Encoder, Tensor Decoder, Tensor Target, Tensor Include) Gather(Tensor index) => (
        Encoder.index_select(0, index), Decoder.index_select(0, index),
        Target.index_select(0, index), Include.index_select(0, index));

    public (Tensor Encoder, Tensor Decoder, Tensor Target, Tensor Include) Slice(long start, long length) => (
        Encoder.narrow(0, start, length), Decoder.narrow(0, start, length),
        Target.narrow(0, start, length), Include.narrow(0, start, length));

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
        Target.Dispose();
        Include.Dispose();
    }
}
