using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Models;
using SolarSync.Modules.Training.Registry;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Training.Registry;

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

    [Test]
    public void A_saved_version_loads_with_its_scaler_intervals_and_manifest()
    {
        var store = new ModelStore(root, interceptWeightWrites: null);
        var (config, scaler, conformal, manifest) = Parts("v1");
        using (var model = Forecasters.Create(config)) store.Save(model, config, scaler, conformal, manifest);

        using var loaded = store.Load("wind", "v1");

        Assert.That(loaded.Config, Is.EqualTo(config));
        Assert.That(loaded.Conformal, Is.EqualTo(conformal));
        Assert.That(loaded.Manifest.EncoderFeatures, Is.EqualTo(manifest.EncoderFeatures));
        Assert.That(loaded.Scaler.ToJson(), Is.EqualTo(scaler.ToJson()));
        Assert.That(loaded.Module.training, Is.False, "loaded models serve in eval mode");
    }

    [Test]
    public void A_failed_save_leaves_no_version_folder_and_nothing_to_clean()
    {
        var store = new ModelStore(root, s => new FailingStream(s, 1024));
        var (config, scaler, conformal, manifest) = Parts("v2");
        using var model = Forecasters.Create(config);

        Assert.Throws<IOException>(() => store.Save(model, config, scaler, conformal, manifest));

        Assert.That(store.Exists("wind", "v2"), Is.False);
        Assert.That(Directory.GetDirectories(Path.Combine(root, "wind")), Is.Empty);
    }

    [Test]
    public void Incoming_folders_of_a_crashed_save_are_removed_and_versions_kept()
    {
        var store = new ModelStore(root, interceptWeightWrites: null);
        var (config, scaler, conformal, manifest) = Parts("v3");
        using (var model = Forecasters.Create(config)) store.Save(model, config, scaler, conformal, manifest);
        Directory.CreateDirectory(Path.Combine(root, "wind", ".incoming-v4-0123"));
        File.WriteAllText(Path.Combine(root, "wind", ".incoming-v4-0123", "weights"), "half a model");

        Assert.That(store.RemoveIncomplete(), Is.EqualTo(1));
        Assert.That(Directory.GetDirectories(Path.Combine(root, "wind")).Select(Path.GetFileName), Is.EqualTo(new[] { "v3" }));
        Assert.That(store.Exists("wind", "v3"), Is.True);
    }

    private static (ModelConfig, FeatureScaler, ConformalCalibration, ModelManifest) Parts(string version)
    {
        var samples = SyntheticFeatureSamples();
        var config = ModelConfig.WindDefaults(samples.EncoderWidth, samples.DecoderWidth) with { Lookback = 4, Horizon = 3, Hidden = 4, Layers = 1 };
        var conformal = ConformalCalibration.Fit([0.1, 0.2, 0.3], [0.15, 0.15, 0.25], [1, 2, 3], normaliseByCapacityKw: 1);
        var manifest = new ModelManifest("wind", version, samples.EncoderFeatures, samples.DecoderFeatures,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(30), 12.5, DateTimeOffset.UnixEpoch.AddDays(31));
        return (config, FeatureScaler.Fit(samples), conformal, manifest);
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
