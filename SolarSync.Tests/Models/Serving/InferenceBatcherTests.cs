using System.Collections.Concurrent;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Serving;
using SolarSync.Modules.Training.Trainers;
using SolarSync.Tests.Training.Trainers;
using static TorchSharp.torch;

namespace SolarSync.Tests.Models.Serving;

// libtorch's thread count is process-wide: the batcher sets it to one, which a concurrent training test would undo.
[NonParallelizable]
public sealed class InferenceBatcherTests
{
    private const int Lookback = 6;
    private const int Horizon = 8;
    private static readonly (int, int, int) Shape = (Lookback, SyntheticSamples.EncoderWidth, SyntheticSamples.DecoderWidth);

    [TestCase(ModelConfig.Solar)]
    [TestCase(ModelConfig.Wind)]
    public async Task Batched_forecasts_of_any_horizon_equal_the_first_hours_of_single_full_passes(string type)
    {
        using var module = Forecasters.Create(SyntheticSamples.TinyConfig(type, Lookback, Horizon));
        module.eval();
        var data = SyntheticSamples.Create(count: 24, Lookback, Horizon, seed: 11);
        var full = ModelInference.Predict(module, Samples(data, 0, data.Count, Horizon));
        using var batcher = new InferenceBatcher(s => ModelInference.Predict(module, s), Shape, "test");

        var horizons = Enumerable.Range(0, data.Count).Select(i => 1 + i % Horizon).ToArray();
        var outputs = await Task.WhenAll(Enumerable.Range(0, data.Count).Select(i => batcher.PredictAsync(Samples(data, i, 1, horizons[i]))));

        for (var i = 0; i < data.Count; i++)
        {
            Assert.That(outputs[i], Has.Length.EqualTo(horizons[i]));
            Assert.That(outputs[i], Is.EqualTo(full.AsSpan(i * Horizon, horizons[i]).ToArray()).Within(1e-5), $"sample {i}");
        }
    }

    [Test]
    public async Task Forecasts_queued_while_a_pass_runs_go_together_in_the_next()
    {
        using var inner = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon));
        inner.eval();
        using var gated = new GatedModule(inner);
        var data = SyntheticSamples.Create(count: 5, Lookback, Horizon, seed: 3);
        var reported = new ConcurrentQueue<int>();
        using var batcher = new InferenceBatcher(s => ModelInference.Predict(gated, s), Shape, "test", reported.Enqueue);

        var first = batcher.PredictAsync(Samples(data, 0, 1, Horizon));
        Assert.That(gated.Entered.Wait(TimeSpan.FromSeconds(30)), Is.True, "the first pass started");
        var queued = Enumerable.Range(1, 4).Select(i => batcher.PredictAsync(Samples(data, i, 1, Horizon))).ToArray();
        gated.Release.Set();
        await Task.WhenAll([first, .. queued]);

        Assert.That(gated.BatchSizes, Is.EqualTo(new long[] { 1, 4 }));
        Assert.That(reported, Is.EqualTo(new[] { 1, 4 }), "each batch's size is reported");
    }

    [Test]
    public async Task A_sample_of_another_shape_is_refused_with_the_reason_and_the_next_forecast_is_served()
    {
        using var module = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Solar, Lookback, Horizon));
        module.eval();
        var data = SyntheticSamples.Create(count: 1, Lookback, Horizon, seed: 4);
        var longer = SyntheticSamples.Create(count: 1, Lookback + 2, Horizon, seed: 4);
        using var batcher = new InferenceBatcher(s => ModelInference.Predict(module, s), Shape, "test");

        var error = Assert.Throws<ArgumentException>(() => batcher.PredictAsync(Samples(longer, 0, 1, Horizon)));
        var next = await batcher.PredictAsync(Samples(data, 0, 1, Horizon));

        Assert.That(error!.Message, Does.Contain($"reads {Lookback} h").And.Contain($"has {Lookback + 2} h"));
        Assert.That(next, Has.Length.EqualTo(Horizon));
    }

    [Test]
    public void Only_one_sample_per_forecast_and_none_after_dispose()
    {
        using var module = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Solar, Lookback, Horizon));
        var data = SyntheticSamples.Create(count: 2, Lookback, Horizon, seed: 5);
        var batcher = new InferenceBatcher(s => ModelInference.Predict(module, s), Shape, "test");

        Assert.Throws<ArgumentException>(() => batcher.PredictAsync(Samples(data, 0, 2, Horizon)));
        batcher.Dispose();
        Assert.Throws<ObjectDisposedException>(() => batcher.PredictAsync(Samples(data, 0, 1, Horizon)));
    }

    /// <summary>Samples [from, from + count) of <paramref name="data"/> as scaled features with the first <paramref name="horizon"/> decoder hours.</summary>
    private static FeatureSamples Samples(TrainingData data, int from, int count, int horizon)
    {
        var (l, e, d) = (data.Lookback, data.EncoderWidth, data.DecoderWidth);
        var encoder = data.Encoder.AsSpan(from * l * e, count * l * e).ToArray();
        var decoder = new float[count * horizon * d];
        for (var s = 0; s < count; s++)
            data.Decoder.AsSpan((from + s) * data.Horizon * d, horizon * d).CopyTo(decoder.AsSpan(s * horizon * d));
        return new FeatureSamples(count, l, horizon, e, d, encoder, decoder, new float[count * horizon], new DateTimeOffset[count],
            new bool[count * horizon], new float[count * horizon], new float[count * horizon]);
    }

    /// <summary>Holds its first forward pass until released, and records every batch size.</summary>
    private sealed class GatedModule(nn.Module<Tensor, Tensor, Tensor> inner) : nn.Module<Tensor, Tensor, Tensor>("gated")
    {
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Release { get; } = new();
        public ConcurrentQueue<long> BatchSizes { get; } = new();

        public override Tensor forward(Tensor encoder, Tensor decoder)
        {
            BatchSizes.Enqueue(encoder.shape[0]);
            Entered.Set();
            Release.Wait();
            return inner.forward(encoder, decoder);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Entered.Dispose();
                Release.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
