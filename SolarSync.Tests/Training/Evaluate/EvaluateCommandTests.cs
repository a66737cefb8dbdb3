using System.Text.Json.Nodes;
using SolarSync.Modules.Features.Domain;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Evaluate;
using SolarSync.Modules.Training.Families;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Training.Evaluate;

/// <summary>The evaluate command end to end on a small simulated plant, with a tiny network so it runs in seconds.</summary>
public sealed class EvaluateCommandTests
{
    private string folder = null!;

    [SetUp]
    public void MakeFolder() => folder = Directory.CreateTempSubdirectory("solarsync-eval-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task Evaluating_a_file_reports_the_model_and_every_baseline_on_both_tracks_and_draws_the_fortnight()
    {
        var (data, site) = WriteSimulatedPlant(days: 75);
        var stdout = new StringWriter();
        var tiny = FamilyTrainers.All(configure: c => c with { Hidden = 8, Layers = 1, MaxEpochs = 3, Patience = 2 });

        var exit = await EvaluateCommand.RunAsync(["evaluate", "--data", data, "--site", site, "--out", folder, "--json"],
            new FeatureBuilder(), tiny, stdout, TextWriter.Null, CancellationToken.None);

        Assert.That(exit, Is.Zero);
        var report = JsonNode.Parse(stdout.ToString())!;
        var weather = report["tracks"]!["weather"]!;
        var history = report["tracks"]!["history"]!;
        Assert.Multiple(() =>
        {
            Assert.That(weather["models"]!.AsObject().Select(m => m.Key), Is.EquivalentTo(new[]
                { "solarsync", "gbm", "network-residual", "network", "ensemble", "persistence-24h", "smart-persistence", "climatology", "physical", "calibrated-physical", "regression" }));
            Assert.That(history["models"]!.AsObject().Select(m => m.Key), Is.EquivalentTo(new[]
                { "solarsync", "gbm", "network-residual", "network", "ensemble", "persistence-24h", "smart-persistence", "climatology" }));
            Assert.That(ModelFamilies.Selectable, Does.Contain(weather["selected_family"]!.GetValue<string>()));
            // The "solarsync" row is the selected family's forecast, scored the same way.
            var selected = weather["selected_family"]!.GetValue<string>();
            Assert.That(weather["models"]!["solarsync"]!["rmse"]!.GetValue<double>(), Is.EqualTo(weather["models"]![selected]!["rmse"]!.GetValue<double>()).Within(1e-9));
            // 20 % of 75 days, from the first midnight of the test part: 15 days of 24 hours.
            Assert.That(weather["test_hours"]!.GetValue<int>(), Is.EqualTo(15 * 24));
            Assert.That(weather["models"]!["solarsync"]!["coverage80"]!.GetValue<double>(), Is.InRange(0, 100));
            Assert.That(weather["models"]!["physical"]!["r2"]!.GetValue<double>(), Is.GreaterThan(0.5), "the physical model knows the simulated plant");
            Assert.That(File.Exists(Path.Combine(folder, "report.json")), Is.True);
            Assert.That(File.ReadAllBytes(Path.Combine(folder, "test-fortnight.png"))[..4], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        });
    }

    [Test]
    public async Task Missing_arguments_print_the_usage_and_exit_2()
    {
        var stderr = new StringWriter();
        var exit = await EvaluateCommand.RunAsync(["evaluate", "--data"], new FeatureBuilder(), FamilyTrainers.All(), TextWriter.Null, stderr, CancellationToken.None);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("usage"));
    }

    private (string Data, string Site) WriteSimulatedPlant(int days)
    {
        var site = new Site(1, "sim-pv", PlantType.Solar, 39.74, -105.18, 100, 30, 180, null, null, "UTC", false, DateTimeOffset.UnixEpoch);
        var start = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var data = Path.Combine(folder, "sim.csv");
        EvaluationCsvFile.WriteSimulated(data, site, start, days * 24, seed: 3);
        var sitePath = Path.Combine(folder, "sim.site.json");
        File.WriteAllText(sitePath, """{"name": "sim-pv", "type": "solar", "latitude": 39.74, "longitude": -105.18, "capacity_kw": 100, "tilt_deg": 30, "azimuth_deg": 180}""");
        return (data, sitePath);
    }
}
