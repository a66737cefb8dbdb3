using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Contracts.Trees;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Trainers;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Models.Registry;

[NonParallelizable]
public sealed class ModelStoreTests
{
    private string root = null!;

    [SetUp]
    public void CreateRoot() => root = Path.Combine(Path.GetTempPath(), "solarsync-store-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void DeleteRoot()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [TestCase(ModelFamilies.Network)]
    [TestCase(ModelFamilies.NetworkResidual)]
    [TestCase(ModelFamilies.Gbm)]
    [TestCase(ModelFamilies.Ensemble)]
    public void A_saved_version_of_each_family_loads_and_forecasts_as_it_did(string family)
    {
        var store = new ModelStore(root, afterForecasterFiles: null);
        var samples = SyntheticFeatureSamples();
        using var model = Model(family, "v1", samples);
        var before = model.PointForecast(samples);
        store.Save(model);

        using var loaded = store.LoadModel("wind", "v1");

        Assert.That(loaded.Family, Is.EqualTo(family));
        Assert.That(loaded.Manifest.Family, Is.EqualTo(family));
        Assert.That(loaded.Conformal, Is.EqualTo(model.Conformal));
        Assert.That(loaded.Manifest.EncoderFeatures, Is.EqualTo(model.Manifest.EncoderFeatures));
        Assert.That(loaded.Calibrations[7].Wind!.PowerShare, Is.EqualTo(model.Calibrations[7].Wind!.PowerShare));
        Assert.That(loaded.Availability!.WhenDown, Is.EqualTo(model.Availability!.WhenDown));
        Assert.That(loaded.Availability.WhenRestarted, Is.EqualTo(model.Availability.WhenRestarted));
        Assert.That(loaded.Availability.WhenSilent, Is.EqualTo(model.Availability.WhenSilent));
        Assert.That(loaded.Availability.WhenStopping, Is.EqualTo(model.Availability.WhenStopping));
        Assert.That(loaded.PointForecast(samples), Is.EqualTo(before).Within(1e-6f));
    }

    /// <summary>
    /// Tree models trained before rows had the neighbouring hours, or before the dates were left out, have a shape file
    /// without those flags.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void A_tree_model_of_an_older_row_layout_still_loads_and_forecasts(bool neighbours)
    {
        var samples = SyntheticFeatureSamples();
        var all = Enumerable.Range(0, samples.Count * samples.Horizon).ToArray();
        var layout = new TabularLayout(neighbours, WithoutDates: false);
        var rows = TabularRows.Build(samples, ResidualBaseline.Of(samples), all, layout);
        var labels = all.Select(i => (float)(i % 3) / 10).ToArray();
        var trees = GbmRegressor.Train(new GbmTrainingSet(rows, TabularRows.Width(samples, layout), labels), null,
            new GbmSettings { MaxRounds = 5, MinDataInLeaf = 1 }, CancellationToken.None);
        using var old = new GbmForecaster(trees, samples.Lookback, samples.Horizon, layout);
        var before = old.Predict(samples);
        var folder = Directory.CreateDirectory(Path.Combine(root, "old")).FullName;
        old.Save(folder);
        var shapeFile = Path.Combine(folder, "gbm.json");
        var neighboursProperty = neighbours ? ""","Neighbours":true""" : "";
        File.WriteAllText(shapeFile, $$"""{"Lookback":{{samples.Lookback}},"Horizon":{{samples.Horizon}},"Columns":{{trees.Columns}}{{neighboursProperty}}}""");

        using var loaded = GbmForecaster.Load(folder);

        Assert.That(loaded.Predict(samples), Is.EqualTo(before).Within(1e-6f));
        if (!neighbours) Assert.That(TabularRows.Width(samples), Is.GreaterThan(trees.Columns), "today's rows are wider");
    }

    [Test]
    public void A_failed_save_leaves_no_version_folder_and_nothing_to_clean()
    {
        var store = new ModelStore(root, _ => throw new IOException("disk full"));
        var samples = SyntheticFeatureSamples();
        using var model = Model(ModelFamilies.Network, "v2", samples);

        Assert.Throws<IOException>(() => store.Save(model));

        Assert.That(store.Exists("wind", "v2"), Is.False);
        Assert.That(Directory.GetDirectories(Path.Combine(root, "wind")), Is.Empty);
    }

    [Test]
    public void Incoming_folders_of_a_crashed_save_are_removed_and_versions_kept()
    {
        var store = new ModelStore(root, afterForecasterFiles: null);
        using (var model = Model(ModelFamilies.Network, "v3", SyntheticFeatureSamples())) store.Save(model);
        Directory.CreateDirectory(Path.Combine(root, "wind", ".incoming-v4-0123"));
        File.WriteAllText(Path.Combine(root, "wind", ".incoming-v4-0123", "weights"), "half a model");

        Assert.That(store.RemoveIncomplete(), Is.EqualTo(1));
        Assert.That(Directory.GetDirectories(Path.Combine(root, "wind")).Select(Path.GetFileName), Is.EqualTo(new[] { "v3" }));
        Assert.That(store.Exists("wind", "v3"), Is.True);
    }

    /// <summary>An untrained model of the family (weights and trees do not matter for storage, only that they round-trip).</summary>
    private static TrainedModel Model(string family, string version, FeatureSamples samples)
    {
        var forecaster = Forecaster(family, samples);
        var conformal = ConformalCalibration.Fit([0.1, 0.2, 0.3], [0.15, 0.15, 0.25], [1, 2, 3], normaliseByCapacityKw: 1);
        var manifest = new ModelManifest("wind", version, samples.EncoderFeatures, samples.DecoderFeatures,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(30), 12.5, DateTimeOffset.UnixEpoch.AddDays(31), family);
        var calibration = new PlantCalibration(new WindCalibration(0.5, Enumerable.Range(0, 60).Select(b => Math.Min(1, b / 30.0)).ToArray(), null), null, 100);
        var availability = new AvailabilityOutlook([1, 0.9, 0.8], [0.1, 0.2, 0.3], [0.9, 0.7, 0.6], [0.4, 0.5, 0.6], [0.3, 0.6, 0.7]);
        return new TrainedModel(forecaster, new Dictionary<long, PlantCalibration> { [7] = calibration }, availability, conformal, manifest);
    }

    private static IForecaster Forecaster(string family, FeatureSamples samples)
    {
        IForecaster forecaster;
        if (family == ModelFamilies.Ensemble)
        {
            return new EnsembleForecaster([Forecaster(ModelFamilies.Gbm, samples), Forecaster(ModelFamilies.NetworkResidual, samples)], [0.7, 0.3]);
        }

        if (family == ModelFamilies.Gbm)
        {
            var rows = TabularRows.Build(samples, ResidualBaseline.Of(samples), Enumerable.Range(0, samples.Count * samples.Horizon).ToArray());
            var width = TabularRows.Width(samples);
            var labels = Enumerable.Range(0, samples.Count * samples.Horizon).Select(i => (float)(i % 3) / 10).ToArray();
            var trees = GbmRegressor.Train(new GbmTrainingSet(rows, width, labels), null, new GbmSettings { MaxRounds = 5, MinDataInLeaf = 1 }, CancellationToken.None);
            forecaster = new GbmForecaster(trees, samples.Lookback, samples.Horizon);
        }
        else
        {
            var config = ModelConfig.WindDefaults(samples.EncoderWidth, samples.DecoderWidth) with { Lookback = 4, Horizon = 3, Hidden = 4, Layers = 1 };
            var module = Forecasters.Create(config);
            module.eval();
            forecaster = new NetworkForecaster(config, module, FeatureScaler.Fit(samples), residual: family == ModelFamilies.NetworkResidual);
        }

        return forecaster;
    }

    private static FeatureSamples SyntheticFeatureSamples()
    {
        var (encoder, decoder) = FeatureCatalog.For(SolarSync.Modules.Sites.Contracts.PlantType.Wind);
        const int count = 2, lookback = 4, horizon = 3;
        var random = new Random(1);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        return new FeatureSamples(count, lookback, horizon, encoder.Count, decoder.Count, Values(count * lookback * encoder.Count),
            Values(count * horizon * decoder.Count), Values(count * horizon), [DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1)],
            new bool[count * horizon], new float[count * horizon], new float[count * horizon])
        {
            EncoderFeatures = encoder,
            DecoderFeatures = decoder,
        };
    }
}
