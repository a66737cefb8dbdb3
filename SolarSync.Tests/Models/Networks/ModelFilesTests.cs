using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;
using SolarSync.Tests.Infrastructure;
using SolarSync.Tests.Training.Trainers;

namespace SolarSync.Tests.Models.Networks;

// TorchSharp's generator and thread count are process-wide; seeded results need the fixture to run alone.
[NonParallelizable]
public sealed class ModelFilesTests
{
    private const int Lookback = 8;
    private const int Horizon = 4;

    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), $"solarsync-models-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [TestCase(ModelConfig.Solar)]
    [TestCase(ModelConfig.Wind)]
    public void A_model_loaded_into_a_fresh_instance_predicts_exactly_what_the_saved_one_did(string type)
    {
        var train = SyntheticSamples.Create(32, Lookback, Horizon, seed: 81, solar: type == ModelConfig.Solar);
        var config = SyntheticSamples.TinyConfig(type, Lookback, Horizon) with { MaxEpochs = 2 };
        using var trained = Forecasters.Create(config);
        new ModelTrainer().Train(trained, config, train, train);
        var expected = ModelTrainer.Predict(trained, train);

        ModelFiles.Save(trained, directory);
        ModelFiles.SaveConfig(config, directory);
        // A different seed so that the fresh model's own initial weights differ from the saved ones.
        var reloadedConfig = ModelFiles.LoadConfig(directory);
        using var fresh = Forecasters.Create(reloadedConfig with { Seed = 999 });
        var before = ModelTrainer.Predict(fresh, train);
        ModelFiles.Load(fresh, directory);

        Assert.Multiple(() =>
        {
            Assert.That(reloadedConfig, Is.EqualTo(config));
            Assert.That(before, Is.Not.EqualTo(expected));
            Assert.That(ModelTrainer.Predict(fresh, train), Is.EqualTo(expected));
            Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName),
                Is.EquivalentTo(new[] { ModelFiles.WeightsFileName, ModelFiles.ConfigFileName }));
        });
    }

    [Test]
    public void A_write_that_fails_part_way_leaves_no_file_under_the_final_name()
    {
        using var model = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Solar, Lookback, Horizon));

        Assert.Throws<IOException>(() => ModelFiles.Save(model, directory, stream => new FailingStream(stream, failAfterBytes: 1024)));

        Assert.That(Directory.GetFileSystemEntries(directory), Is.Empty, "neither the final file nor a temporary one");
    }

    [Test]
    public void A_write_that_fails_part_way_leaves_the_previous_weights_untouched()
    {
        using var model = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon));
        var path = ModelFiles.Save(model, directory);
        var previous = File.ReadAllBytes(path);
        using var other = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon, seed: 8));

        Assert.Throws<IOException>(() => ModelFiles.Save(other, directory, stream => new FailingStream(stream, failAfterBytes: 1024)));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(previous));
            Assert.That(Directory.GetFileSystemEntries(directory), Is.EqualTo(new[] { path }));
        });
    }

    [Test]
    public void A_rename_that_fails_removes_the_temporary_file()
    {
        using var model = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon));
        // A folder squatting on the final name makes the rename fail even for root (who ignores read-only modes).
        var squatter = Directory.CreateDirectory(Path.Combine(directory, ModelFiles.WeightsFileName));
        File.WriteAllText(Path.Combine(squatter.FullName, "keep"), "x");

        Assert.Catch<IOException>(() => ModelFiles.Save(model, directory));

        Assert.That(Directory.GetFileSystemEntries(directory), Is.EqualTo(new[] { squatter.FullName }));
    }

    [Test]
    public void Loading_from_a_folder_without_weights_names_the_missing_file()
    {
        using var model = Forecasters.Create(SyntheticSamples.TinyConfig(ModelConfig.Wind, Lookback, Horizon));

        var error = Assert.Throws<FileNotFoundException>(() => ModelFiles.Load(model, directory));

        Assert.That(error!.FileName, Is.EqualTo(Path.Combine(directory, ModelFiles.WeightsFileName)));
    }
}
