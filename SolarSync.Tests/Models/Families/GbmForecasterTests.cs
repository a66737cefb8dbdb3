using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Trees;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Models.Families;

public sealed class GbmForecasterTests
{
    [Test]
    public void A_bag_forecasts_the_baseline_plus_the_mean_of_its_models_corrections()
    {
        var samples = Samples();
        var n = samples.Count * samples.Horizon;
        var baseline = ResidualBaseline.Of(samples);
        var rows = TabularRows.Build(samples, baseline, Enumerable.Range(0, n).ToArray());
        var width = TabularRows.Width(samples);
        // Small corrections, so that no forecast reaches the clipping bounds and the mean is seen unclipped.
        var labels = Enumerable.Range(0, n).Select(i => 0.02f * MathF.Sin(i)).ToArray();
        var bag = new[] { 1, 2, 3 }.Select(seed => GbmRegressor.Train(new GbmTrainingSet(rows, width, labels), null,
            new GbmSettings { MaxRounds = 20, MinDataInLeaf = 2, BaggingFraction = 0.5, FeatureFraction = 0.5, Seed = seed }, CancellationToken.None)).ToList();
        var corrections = bag.Select(trees => trees.Predict(rows, n)).ToList();
        using var forecaster = new GbmForecaster(bag, samples.Lookback, samples.Horizon);

        var forecast = forecaster.Predict(samples);

        Assert.That(corrections[0], Is.Not.EqualTo(corrections[1]), "the seeds drew different rows and columns");
        var expected = Enumerable.Range(0, n).Select(i => baseline[i] + corrections.Average(c => c[i])).ToArray();
        Assert.That(expected, Has.All.InRange(0.01, 0.99), "the case stays clear of the clipping bounds");
        Assert.That(forecast, Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void A_bag_of_models_reading_different_columns_is_refused()
    {
        var narrow = GbmRegressor.Train(new GbmTrainingSet(new float[20], 2, new float[10]), null, new GbmSettings { MaxRounds = 1, MinDataInLeaf = 1 }, CancellationToken.None);
        var wide = GbmRegressor.Train(new GbmTrainingSet(new float[30], 3, new float[10]), null, new GbmSettings { MaxRounds = 1, MinDataInLeaf = 1 }, CancellationToken.None);

        Assert.Throws<ArgumentException>(() => new GbmForecaster([narrow, wide], lookback: 4, horizon: 3));
        Assert.Throws<ArgumentException>(() => new GbmForecaster([], lookback: 4, horizon: 3));
    }

    /// <summary>Wind samples with random features and an output near half capacity (the residual baseline follows it).</summary>
    private static FeatureSamples Samples()
    {
        var (encoder, decoder) = FeatureCatalog.For(PlantType.Wind);
        const int count = 40, lookback = 4, horizon = 3;
        var random = new Random(5);
        float[] Values(int n, float from = 0, float to = 1) => Enumerable.Range(0, n).Select(_ => from + (to - from) * (float)random.NextDouble()).ToArray();
        var encoderValues = Values(count * lookback * encoder.Count, 0.4f, 0.6f);
        var decoderValues = Values(count * horizon * decoder.Count, 0.4f, 0.6f);
        return new FeatureSamples(count, lookback, horizon, encoder.Count, decoder.Count, encoderValues, decoderValues, Values(count * horizon, 0.4f, 0.6f),
            Enumerable.Range(0, count).Select(s => DateTimeOffset.UnixEpoch.AddHours(s)).ToArray(), new bool[count * horizon], new float[count * horizon],
            new float[count * horizon])
        {
            EncoderFeatures = encoder,
            DecoderFeatures = decoder,
        };
    }
}
