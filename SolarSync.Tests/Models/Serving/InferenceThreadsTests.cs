using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Serving;
using SolarSync.Modules.Training.Trainers;
using SolarSync.Tests.Training.Trainers;
using static TorchSharp.torch;

namespace SolarSync.Tests.Models.Serving;

// libtorch's thread count is process-wide: nothing else may train or forecast while this runs.
[NonParallelizable]
public sealed class InferenceThreadsTests
{
    [Test]
    public void Serving_runs_on_one_thread_and_a_retrain_takes_its_threads_back()
    {
        ModelInference.UseOneThread();
        Assert.That(get_num_threads(), Is.EqualTo(1));

        var config = SyntheticSamples.TinyConfig(ModelConfig.Wind, lookback: 6, horizon: 3) with { MaxEpochs = 1 };
        using var model = Forecasters.Create(config);
        var data = SyntheticSamples.Create(count: 16, lookback: 6, horizon: 3, seed: 5);
        new ModelTrainer(new TrainerSettings { Threads = 2 }).Train(model, config, data, data);

        Assert.That(get_num_threads(), Is.EqualTo(2));
    }
}
