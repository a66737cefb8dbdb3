using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;
using static TorchSharp.torch;

namespace SolarSync.Tests.Training.Trainers;

// TorchSharp's generator and thread count are process-wide; seeded results need the fixture to run alone.
[NonParallelizable]
public sealed class ForecasterLearningTests
{
    private const int Lookback = 12;
    private const int Horizon = 6;

    [TestCase(ModelConfig.Solar)]
    [TestCase(ModelConfig.Wind)]
    public void A_tiny_forecaster_cuts_its_validation_loss_below_30_percent_of_the_first_epochs(string type)
    {
        var solar = type == ModelConfig.Solar;
        var train = SyntheticSamples.Create(384, Lookback, Horizon, seed: 1, solar);
        var validation = SyntheticSamples.Create(128, Lookback, Horizon, seed: 2, solar);
        var config = SyntheticSamples.TinyConfig(type, Lookback, Horizon);
        using var model = Forecasters.Create(config);

        var report = new ModelTrainer().Train(model, config, train, validation);

        var first = report.Epochs[0].ValidationLoss;
        TestContext.Out.WriteLine(string.Join(", ", report.Epochs.Select(e => $"{e.Epoch}: {e.TrainLoss:G3}/{e.ValidationLoss:G3}")));
        Assert.Multiple(() =>
        {
            Assert.That(report.BestValidationLoss, Is.LessThan(0.3 * first));
            Assert.That(report.Epochs.Select(e => e.TrainLoss), Is.All.Positive);
        });
    }

    [TestCase(ModelConfig.Solar)]
    [TestCase(ModelConfig.Wind)]
    public void One_forward_pass_gives_every_hour_of_the_horizon_within_capacity(string type)
    {
        var data = SyntheticSamples.Create(5, Lookback, Horizon, seed: 3);
        using var model = Forecasters.Create(SyntheticSamples.TinyConfig(type, Lookback, Horizon));
        model.eval();
        using var _ = no_grad();
        using var encoder = tensor(data.Encoder, [data.Count, Lookback, SyntheticSamples.EncoderWidth]);
        using var decoder = tensor(data.Decoder, [data.Count, Horizon, SyntheticSamples.DecoderWidth]);

        using var output = model.forward(encoder, decoder);

        Assert.Multiple(() =>
        {
            Assert.That(output.shape, Is.EqualTo(new long[] { 5, Horizon }));
            Assert.That(output.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(output.max().item<float>(), Is.LessThanOrEqualTo(1f));
        });
    }

    [Test]
    public void Predict_returns_count_times_horizon_values_and_zero_at_night()
    {
        var data = SyntheticSamples.Create(40, Lookback, Horizon, seed: 4, solar: true);
        using var model = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Solar, Lookback, Horizon));

        // A batch size that does not divide the count exercises the last, short batch.
        var prediction = ModelTrainer.Predict(model, data, batchSize: 16);

        var night = Enumerable.Range(0, prediction.Length).Where(i => !data.Mask[i]).ToArray();
        var day = Enumerable.Range(0, prediction.Length).Where(i => data.Mask[i]).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(prediction, Has.Length.EqualTo(40 * Horizon));
            Assert.That(night, Is.Not.Empty);
            Assert.That(night.Select(i => prediction[i]), Is.All.EqualTo(0f));
            Assert.That(day.Min(i => prediction[i]), Is.GreaterThan(0f));
            Assert.That(day.Max(i => prediction[i]), Is.LessThanOrEqualTo(1f));
        });
    }

    [Test]
    public void Predict_gives_the_same_values_whatever_the_batch_size()
    {
        var data = SyntheticSamples.Create(30, Lookback, Horizon, seed: 5);
        using var model = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon));

        var whole = ModelTrainer.Predict(model, data, batchSize: 30);
        var batched = ModelTrainer.Predict(model, data, batchSize: 7);

        Assert.That(batched, Is.EqualTo(whole).Within(1e-6f));
    }
}
