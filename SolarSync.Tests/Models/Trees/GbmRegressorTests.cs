using SolarSync.Modules.Models.Contracts.Trees;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Models.Trees;

public sealed class GbmRegressorTests
{
    // One thread: OpenMP threads that spin-wait crawl on a machine busy with other work, and the trees do not depend on
    // the thread count (The_trees_do_not_depend_on_the_thread_count).
    private static readonly GbmSettings Settings = new() { Threads = 1 };

    [Test]
    public void Learns_a_nonlinear_function_far_better_than_the_mean()
    {
        var train = SineTimesX(rows: 4000, seed: 1);
        var validation = SineTimesX(rows: 1000, seed: 2);
        var test = SineTimesX(rows: 1000, seed: 3);

        var model = GbmRegressor.Train(train, validation, Settings, CancellationToken.None);
        var predicted = model.Predict(test.Features, test.Rows);

        // y = sin(x0)·x1 has a standard deviation near 0.75; the mean predicts with that RMSE, the noise floor is 0.05.
        var mean = test.Labels.Average();
        var std = Math.Sqrt(test.Labels.Average(y => (y - mean) * (y - mean)));
        var rmse = Math.Sqrt(test.Labels.Select((y, i) => (y - predicted[i]) * (y - predicted[i])).Average());
        Assert.Multiple(() =>
        {
            Assert.That(model.Columns, Is.EqualTo(4));
            Assert.That(rmse, Is.LessThan(0.2 * std));
            Assert.That(model.BestValidationLoss, Is.LessThan(0.04 * std * std), "l2 is the validation mean squared error");
        });
    }

    [Test]
    public void Early_stopping_keeps_the_best_round_of_a_noise_only_problem()
    {
        var random = new Random(7);
        var train = PureNoise(rows: 400, random);
        var validation = PureNoise(rows: 200, random);
        var settings = Settings with { MaxRounds = 500, EarlyStoppingRounds = 15 };

        var model = GbmRegressor.Train(train, validation, settings, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(model.RoundsTrained, Is.LessThan(settings.MaxRounds));
            Assert.That(model.BestIteration, Is.LessThan(model.RoundsTrained));
            Assert.That(model.RoundsTrained, Is.EqualTo(model.BestIteration + settings.EarlyStoppingRounds));
            Assert.That(model.ToModelString(), Does.Contain($"Tree={model.BestIteration - 1}\n").And.Not.Contain($"Tree={model.BestIteration}\n"));
        });
    }

    [Test]
    public void Without_validation_rows_every_round_is_kept()
    {
        var model = GbmRegressor.Train(SineTimesX(rows: 500, seed: 4), null, Settings with { MaxRounds = 25 }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(model.BestIteration, Is.EqualTo(25));
            Assert.That(model.RoundsTrained, Is.EqualTo(25));
            Assert.That(model.BestValidationLoss, Is.NaN);
        });
    }

    [Test]
    public void The_model_string_round_trips_to_identical_predictions()
    {
        var test = SineTimesX(rows: 500, seed: 6);
        var model = GbmRegressor.Train(SineTimesX(rows: 2000, seed: 5), SineTimesX(rows: 500, seed: 8), Settings, CancellationToken.None);

        var text = model.ToModelString();
        var loaded = GbmRegressor.FromModelString(text);

        Assert.Multiple(() =>
        {
            Assert.That(loaded.BestIteration, Is.EqualTo(model.BestIteration));
            Assert.That(loaded.Columns, Is.EqualTo(model.Columns));
            Assert.That(loaded.Predict(test.Features, test.Rows), Is.EqualTo(model.Predict(test.Features, test.Rows)));
            Assert.That(loaded.ToModelString(), Is.EqualTo(text));
        });
    }

    [Test]
    public void Rows_with_a_NaN_label_are_left_out()
    {
        var clean = SineTimesX(rows: 1500, seed: 9);
        var validation = SineTimesX(rows: 300, seed: 10);
        // Every seventh row gets a NaN label and a wild feature vector that would change the trees if it were used.
        var withGaps = Interleave(clean, every: 7, gap: [100f, -100f, 100f, -100f]);

        var fromClean = GbmRegressor.Train(clean, validation, Settings, CancellationToken.None);
        var fromGaps = GbmRegressor.Train(withGaps, validation, Settings, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(withGaps.Rows, Is.GreaterThan(clean.Rows));
            Assert.That(fromGaps.BestIteration, Is.EqualTo(fromClean.BestIteration));
            Assert.That(fromGaps.Predict(validation.Features, validation.Rows), Is.EqualTo(fromClean.Predict(validation.Features, validation.Rows)));
        });
    }

    [Test]
    public void A_NaN_feature_is_a_missing_value_at_prediction()
    {
        var model = GbmRegressor.Train(SineTimesX(rows: 1000, seed: 11), null, Settings with { MaxRounds = 50 }, CancellationToken.None);

        var predicted = model.Predict([float.NaN, 1f, 0f, 0f, 1.5f, float.NaN, float.NaN, float.NaN], rows: 2);

        Assert.That(predicted, Has.All.Matches<float>(float.IsFinite));
    }

    [Test]
    public void Invalid_parameters_fail_with_LightGBMs_own_message()
    {
        var rows = SineTimesX(rows: 200, seed: 12);

        Assert.That(() => GbmRegressor.Train(rows, null, Settings with { NumLeaves = 1 }, CancellationToken.None),
            Throws.TypeOf<LightGbmException>().With.Message.Contains("Check failed: (num_leaves) > (1)"));
    }

    [Test]
    public void A_quantile_objective_puts_that_share_of_labels_below_the_prediction()
    {
        var train = SineTimesX(rows: 4000, seed: 13, noise: 0.3);
        var test = SineTimesX(rows: 2000, seed: 14, noise: 0.3);

        var p90 = GbmRegressor.Train(train, SineTimesX(rows: 1000, seed: 15, noise: 0.3), GbmSettings.Quantile(0.9) with { Threads = 1 },
            CancellationToken.None);
        var predicted = p90.Predict(test.Features, test.Rows);

        var below = test.Labels.Where((y, i) => y <= predicted[i]).Count() / (double)test.Rows;
        Assert.That(below, Is.InRange(0.85, 0.95));
    }

    [Test]
    public void The_trees_do_not_depend_on_the_thread_count()
    {
        var validation = SineTimesX(rows: 500, seed: 21);
        var train = SineTimesX(rows: 2000, seed: 20);

        var one = GbmRegressor.Train(train, validation, Settings with { MaxRounds = 60 }, CancellationToken.None);
        var two = GbmRegressor.Train(train, validation, Settings with { MaxRounds = 60, Threads = 2 }, CancellationToken.None);

        Assert.That(two.Predict(validation.Features, validation.Rows), Is.EqualTo(one.Predict(validation.Features, validation.Rows)));
    }

    [Test]
    public void Concurrent_predictions_match_one_at_a_time()
    {
        var test = SineTimesX(rows: 48, seed: 17);
        var model = GbmRegressor.Train(SineTimesX(rows: 1000, seed: 16), null, Settings with { MaxRounds = 100 }, CancellationToken.None);
        var expected = model.Predict(test.Features, test.Rows);

        var results = new float[64][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = model.Predict(test.Features, test.Rows));

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.All.EqualTo(expected));
            Assert.That(model.Predict(test.Features, test.Rows, threads: 4), Is.EqualTo(expected));
        });
    }

    [Test]
    public void Training_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => GbmRegressor.Train(SineTimesX(rows: 200, seed: 18), null, Settings, cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Mismatched_shapes_are_rejected_before_reaching_LightGBM()
    {
        var rows = SineTimesX(rows: 200, seed: 19);
        var model = GbmRegressor.Train(rows, null, Settings with { MaxRounds = 5 }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(() => GbmRegressor.Train(rows with { Columns = 3 }, null, Settings, CancellationToken.None), Throws.ArgumentException);
            Assert.That(() => model.Predict(new float[7], rows: 2), Throws.ArgumentException);
        });
    }

    /// <summary>y = sin(x0)·x1 + N(0, noise²), with x0 in [−3, 3], x1 in [−2, 2] and two columns of distractors.</summary>
    private static GbmTrainingSet SineTimesX(int rows, int seed, double noise = 0.05)
    {
        const int columns = 4;
        var random = new Random(seed);
        var features = new float[rows * columns];
        var labels = new float[rows];
        for (var row = 0; row < rows; row++)
        {
            var x0 = random.NextDouble() * 6 - 3;
            var x1 = random.NextDouble() * 4 - 2;
            features[row * columns] = (float)x0;
            features[row * columns + 1] = (float)x1;
            features[row * columns + 2] = (float)random.NextDouble();
            features[row * columns + 3] = (float)random.NextDouble();
            labels[row] = (float)(Math.Sin(x0) * x1 + noise * random.NextGaussian());
        }
        return new GbmTrainingSet(features, columns, labels);
    }

    private static GbmTrainingSet PureNoise(int rows, Random random)
    {
        var features = new float[rows * 2];
        for (var i = 0; i < features.Length; i++) features[i] = (float)random.NextDouble();
        var labels = new float[rows];
        for (var i = 0; i < rows; i++) labels[i] = (float)random.NextGaussian();
        return new GbmTrainingSet(features, 2, labels);
    }

    /// <summary>The set with a row of <paramref name="gap"/> features and a NaN label after every
    /// <paramref name="every"/> rows.</summary>
    private static GbmTrainingSet Interleave(GbmTrainingSet set, int every, float[] gap)
    {
        var features = new List<float>();
        var labels = new List<float>();
        for (var row = 0; row < set.Rows; row++)
        {
            features.AddRange(set.Features.AsSpan(row * set.Columns, set.Columns));
            labels.Add(set.Labels[row]);
            if (row % every != every - 1) continue;
            features.AddRange(gap);
            labels.Add(float.NaN);
        }
        return new GbmTrainingSet([.. features], set.Columns, [.. labels]);
    }
}
