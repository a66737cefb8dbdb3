using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;
using SolarSync.Tests.Training.Trainers;
using static TorchSharp.torch;

namespace SolarSync.Tests.Models.Networks;

/// <summary>
/// Forward passes on two threads while the garbage collector runs and finalizes continuously: a Scalar made for one
/// call and finalized during it fails the pass (see KeptScalars). With the forecasters' former per-call Scalars the
/// wind case failed 1 run in 2 to 4 when run alone. Only the absence of failures is asserted, never how many passes
/// fit the time: a full test run's large heap makes each collection, and so each pass, much slower.
/// </summary>
[NonParallelizable]
public sealed class ForwardUnderGcTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    [TestCase(ModelConfig.Wind)]
    [TestCase(ModelConfig.Solar)]
    public void Forward_passes_survive_collections_running_alongside(string type)
    {
        using var module = Forecasters.Create(SyntheticSamples.TinyConfig(type, lookback: 4, horizon: 3));
        module.eval();
        var data = SyntheticSamples.Create(count: 2, lookback: 4, horizon: 3, seed: 1);
        using var done = new CancellationTokenSource();
        using var timeUp = new CancellationTokenSource(Duration);
        var collector = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });

        var passes = 0;
        var runners = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            using var encoder = tensor(data.Encoder, [2, 4, SyntheticSamples.EncoderWidth]);
            using var decoder = tensor(data.Decoder, [2, 3, SyntheticSamples.DecoderWidth]);
            while (!timeUp.IsCancellationRequested)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                module.forward(encoder, decoder).clamp(KeptScalars.Zero, KeptScalars.One);
                Interlocked.Increment(ref passes);
            }
        })).ToArray();

        try
        {
            Assert.DoesNotThrowAsync(() => Task.WhenAll(runners));
        }
        finally
        {
            done.Cancel();
            collector.Wait();
        }

        Assert.That(passes, Is.Positive, "the passes ran");
    }
}
