using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;

namespace SolarSync.Tests.Training.Trainers;

// TorchSharp's generator and thread count are process-wide; seeded results need the fixture to run alone.
[NonParallelizable]
public sealed class ModelTrainerTests
{
    private const int Lookback = 8;
    private const int Horizon = 4;

    [Test]
    public void Training_stops_early_once_validation_stalls_and_keeps_the_best_epochs_weights()
    {
        // Few, very noisy training samples and a wide model: it first learns the signal, then memorises the
        // noise, and the validation loss turns back up.
        var train = SyntheticSamples.Create(48, Lookback, Horizon, seed: 21, targetNoise: 0.3);
        var validation = SyntheticSamples.Create(64, Lookback, Horizon, seed: 22, targetNoise: 0.3);
        var config = SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon) with
        {
            Hidden = 48, LearningRate = 0.02, BatchSize = 8, MaxEpochs = 60, Patience = 3,
        };
        using var model = Forecasters.Create(config);

        var report = new ModelTrainer().Train(model, config, train, validation);

        var bestReported = report.Epochs.Min(e => e.ValidationLoss);
        TestContext.Out.WriteLine(string.Join(", ", report.Epochs.Select(e => $"{e.Epoch}: {e.TrainLoss:G3}/{e.ValidationLoss:G3}")));
        var restored = SyntheticSamples.MaskedMse(ModelTrainer.Predict(model, validation), validation);
        Assert.Multiple(() =>
        {
            Assert.That(report.StoppedEarly, Is.True);
            Assert.That(report.EpochsRun, Is.LessThan(config.MaxEpochs));
            Assert.That(report.EpochsRun, Is.EqualTo(report.BestEpoch + config.Patience));
            Assert.That(report.BestValidationLoss, Is.EqualTo(bestReported));
            Assert.That(report.Epochs[^1].ValidationLoss, Is.GreaterThan(bestReported));
            Assert.That(restored, Is.EqualTo(bestReported).Within(1e-6 * bestReported + 1e-9));
        });
    }

    [Test]
    public void The_same_seed_gives_the_same_losses_twice()
    {
        var train = SyntheticSamples.Create(96, Lookback, Horizon, seed: 31, solar: true);
        var validation = SyntheticSamples.Create(32, Lookback, Horizon, seed: 32, solar: true);
        // Dropout on, so the seed must also fix the dropout masks.
        var config = SyntheticSamples.TinyConfig(ModelConfig.Solar, Lookback, Horizon) with { MaxEpochs = 3, Dropout = 0.2 };

        double[] Losses(ModelConfig c)
        {
            using var model = Forecasters.Create(c);
            var report = new ModelTrainer().Train(model, c, train, validation);
            return report.Epochs.SelectMany(e => new[] { e.TrainLoss, e.ValidationLoss }).ToArray();
        }

        var first = Losses(config);
        var second = Losses(config);
        var otherSeed = Losses(config with { Seed = config.Seed + 1 });

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(otherSeed, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void Progress_is_reported_once_per_epoch_in_order()
    {
        var train = SyntheticSamples.Create(32, Lookback, Horizon, seed: 41);
        var validation = SyntheticSamples.Create(16, Lookback, Horizon, seed: 42);
        var config = SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon) with { MaxEpochs = 3 };
        using var model = Forecasters.Create(config);
        var reports = new List<EpochReport>();

        var report = new ModelTrainer().Train(model, config, train, validation, new Collect(reports));

        Assert.Multiple(() =>
        {
            Assert.That(reports.Select(r => r.Epoch), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(reports, Is.EqualTo(report.Epochs));
            Assert.That(reports.Select(r => r.Elapsed), Is.Ordered);
            Assert.That(report.Duration, Is.GreaterThanOrEqualTo(reports[^1].Elapsed));
        });
    }

    [Test]
    public void A_spent_time_budget_starts_no_further_epoch_and_keeps_the_best_one()
    {
        var train = SyntheticSamples.Create(32, Lookback, Horizon, seed: 51);
        var validation = SyntheticSamples.Create(16, Lookback, Horizon, seed: 52);
        var config = SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon) with { MaxEpochs = 50, Patience = 50 };
        using var model = Forecasters.Create(config);
        using var unbounded = Forecasters.Create(config);

        var report = new ModelTrainer(new TrainerSettings { TimeBudget = TimeSpan.Zero }).Train(model, config, train, validation);
        var withoutBudget = new ModelTrainer().Train(unbounded, config with { MaxEpochs = 3 }, train, validation);

        Assert.Multiple(() =>
        {
            Assert.That(report.EpochsRun, Is.EqualTo(1));
            Assert.That(report.OutOfTime, Is.True);
            Assert.That(report.StoppedEarly, Is.False);
            Assert.That(report.BestEpoch, Is.EqualTo(1));
            Assert.That(withoutBudget.EpochsRun, Is.EqualTo(3));
            Assert.That(withoutBudget.OutOfTime, Is.False);
        });
    }

    [Test]
    public void Cancellation_stops_training_between_batches()
    {
        var train = SyntheticSamples.Create(64, Lookback, Horizon, seed: 51);
        var validation = SyntheticSamples.Create(16, Lookback, Horizon, seed: 52);
        var config = SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon) with { MaxEpochs = 50 };
        using var model = Forecasters.Create(config);
        using var cancellation = new CancellationTokenSource();
        var epochsSeen = 0;
        var progress = new Collect([], _ =>
        {
            epochsSeen++;
            cancellation.Cancel();
        });

        Assert.Throws<OperationCanceledException>(() =>
            new ModelTrainer().Train(model, config, train, validation, progress, cancellation.Token));
        Assert.That(epochsSeen, Is.EqualTo(1));
    }

    [Test]
    public void Input_features_that_are_not_finite_are_rejected_before_training()
    {
        var train = SyntheticSamples.Create(16, Lookback, Horizon, seed: 61);
        var validation = SyntheticSamples.Create(8, Lookback, Horizon, seed: 62);
        train.Encoder[5] = float.NaN;
        var config = SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon);
        using var model = Forecasters.Create(config);

        var error = Assert.Throws<ArgumentException>(() => new ModelTrainer().Train(model, config, train, validation));
        Assert.That(error!.Message, Does.Contain("Encoder[5]"));
    }

    [Test]
    public void Samples_shaped_for_another_model_are_rejected()
    {
        var train = SyntheticSamples.Create(16, Lookback, Horizon, seed: 71);
        var validation = SyntheticSamples.Create(8, Lookback, Horizon + 1, seed: 72);
        var config = SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon);
        using var model = Forecasters.Create(config);

        var error = Assert.Throws<ArgumentException>(() => new ModelTrainer().Train(model, config, train, validation));
        Assert.That(error!.Message, Does.StartWith("validation"));
    }

    /// <summary>Synchronous, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class Collect(List<EpochReport> into, Action<EpochReport>? also = null) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            into.Add(value);
            also?.Invoke(value);
        }
    }
}
