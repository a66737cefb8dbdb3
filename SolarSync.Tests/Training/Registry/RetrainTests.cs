using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Models.Serving;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Training.Registry;

/// <summary>
/// Retraining end to end on the real host with the demo plants (<see cref="DemoPlants"/>): the registry, the model store and the served model are checked through the admin API.
/// </summary>
[NonParallelizable]
public sealed class RetrainTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);

    private SolarSyncApp app = null!;
    private HttpClient admin = null!;
    private string modelsRoot = null!;
    private bool failSaves;

    [OneTimeSetUp]
    public async Task StartHostWithHistoryAsync()
    {
        modelsRoot = DemoPlants.NewModelsRoot();
        await DemoPlants.EmptyDatabaseAsync();
        var settings = DemoPlants.Settings(modelsRoot);
        settings["Hangfire:TrainingWorkers"] = "2";
        settings["Training:HorizonHours"] = "24";
        settings["Training:AutoPromote"] = "false";
        app = await SolarSyncApp.StartAsync(settings,
            services => services.AddSingleton(_ => new ModelStore(modelsRoot, _ =>
            {
                if (failSaves) throw new IOException("disk full (test)");
            })));
        admin = app.CreateClient(SolarSyncApp.AdminKey);
        await DemoPlants.CollectAsync(app, weatherForecast: false);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        admin.Dispose();
        await app.DisposeAsync();
        if (Directory.Exists(modelsRoot)) Directory.Delete(modelsRoot, recursive: true);
    }

    [SetUp]
    public async Task EmptyRegistryAsync()
    {
        failSaves = false;
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.ExecuteAsync("TRUNCATE training.model_versions, training.training_runs RESTART IDENTITY CASCADE");
        if (Directory.Exists(modelsRoot)) Directory.Delete(modelsRoot, recursive: true);
        var served = app.Services.GetRequiredService<ProductionModels>();
        served.Invalidate("solar");
        served.Invalidate("wind");
        served.Invalidate("load");
        // Versions are stamped by the data's hour, so a test can register the version string of an earlier one: its
        // cached forecasts must not answer for the new model.
        Assert.That((await admin.PostAsync("/monitoring/cache/clear", null)).IsSuccessStatusCode, Is.True);
    }

    [Test]
    public async Task Retrain_via_the_endpoint_produces_a_candidate_with_progress_and_metrics()
    {
        var response = await admin.PostAsJsonAsync("/admin/retrain", new { type = "solar" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var accepted = await response.Content.ReadFromJsonAsync<JsonObject>();
        var jobId = (string)accepted!["job_id"]!;
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/admin/retrain/{jobId}"));

        var status = await WaitForJobAsync(jobId);

        Assert.That((string?)status["state"], Is.EqualTo("Succeeded"), status.ToJsonString());
        Assert.That((string?)status["run_status"], Is.EqualTo("succeeded"));
        Assert.That((int)status["progress"]!["epoch"]!, Is.InRange(1, 2));
        Assert.That((int)status["progress"]!["max_epochs"]!, Is.EqualTo(2));
        Assert.That((double)status["metrics"]!["models"]!["solarsync"]!["mae"]!, Is.GreaterThan(0));
        Assert.That((double)status["metrics"]!["models"]!["smart-persistence"]!["mae"]!, Is.GreaterThan(0));
        var version = (string)status["version"]!;

        var history = await admin.GetFromJsonAsync<JsonObject>("/admin/model/history?type=solar");
        var versions = history!["versions"]!.AsArray();
        Assert.That(versions, Has.Count.EqualTo(1));
        Assert.That((string?)versions[0]!["version"], Is.EqualTo(version));
        Assert.That((string?)versions[0]!["status"], Is.EqualTo("candidate"));
        Assert.That(File.Exists(Path.Combine(modelsRoot, "solar", version, "manifest.json")), Is.True);
        Assert.That((string?)versions[0]!["family"], Is.AnyOf(ModelFamilies.Selectable.ToArray()));
        Assert.That((string?)status["metrics"]!["family"], Is.EqualTo((string?)versions[0]!["family"]), "the run records the family it selected");
        Assert.That(status["metrics"]!["families"]!.AsObject().Select(f => f.Key).Where(f => f != ModelFamilies.Ensemble), Is.EquivalentTo(ModelFamilies.All),
            "every family trained (the ensemble is scored where both members weigh 5 % or more)");
        Assert.That(await ServedVersionAsync(PlantType.Solar), Is.Null, "a Candidate is not served");

        // Without Production models the service still answers (from the physical model): degraded, still ready.
        var ready = await admin.GetAsync("/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)(await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["models"]!["status"], Is.EqualTo("Degraded"));
    }

    [Test]
    public async Task Promotion_and_rollback_change_the_served_model_at_once()
    {
        var first = await RetrainAsync(PlantType.Solar);
        var second = await RetrainAsync(PlantType.Solar);

        await PromoteAsync(first);
        Assert.That(await ServedVersionAsync(PlantType.Solar), Is.EqualTo(first));
        await PromoteAsync(second);
        Assert.That(await ServedVersionAsync(PlantType.Solar), Is.EqualTo(second));
        Assert.That(await StatusOfAsync(first), Is.EqualTo("archived"));

        var rollback = await admin.PostAsync("/admin/model/solar/rollback", null);
        Assert.That(rollback.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await rollback.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That((string?)body!["from"]!["version"], Is.EqualTo(second));
        Assert.That((string?)body["to"]!["version"], Is.EqualTo(first));
        Assert.That(await ServedVersionAsync(PlantType.Solar), Is.EqualTo(first));
        Assert.That(await StatusOfAsync(second), Is.EqualTo("archived"));

        // The rolled-back version is never returned to, and there is nothing before the first.
        var again = await admin.PostAsync("/admin/model/solar/rollback", null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await ServedVersionAsync(PlantType.Solar), Is.EqualTo(first));
    }

    [Test]
    public async Task The_served_model_forecasts_the_site_within_capacity()
    {
        var version = await RetrainAsync(PlantType.Solar);
        await PromoteAsync(version);
        await using var scope = app.Scope();
        var site = (await scope.ServiceProvider.GetRequiredService<ISiteDirectory>().ListAsync(PlantType.Solar, CancellationToken.None))[0];
        var forecast = await ForecastAsync(site);

        Assert.That(forecast, Is.Not.Null);
        Assert.That(forecast!.ModelVersion, Is.EqualTo(version));
        Assert.That(forecast.P50Kw, Has.Length.EqualTo(24));
        for (var k = 0; k < 24; k++)
        {
            Assert.That(forecast.P10Kw[k], Is.InRange(0, forecast.P50Kw[k]));
            Assert.That(forecast.P90Kw[k], Is.InRange(forecast.P50Kw[k], site.CapacityKw));
        }
    }

    [Test]
    public async Task A_crash_mid_save_leaves_the_registry_and_the_production_model_intact()
    {
        var production = await RetrainAsync(PlantType.Solar);
        await PromoteAsync(production);
        var before = await admin.GetStringAsync("/admin/model/history");

        failSaves = true;
        await using (var scope = app.Scope())
        {
            var pipeline = scope.ServiceProvider.GetRequiredService<RetrainPipeline>();
            Assert.ThrowsAsync<IOException>(() => pipeline.RunAsync(PlantType.Solar, null, null, null, CancellationToken.None));
        }

        Assert.That(await admin.GetStringAsync("/admin/model/history"), Is.EqualTo(before));
        Assert.That(Directory.GetDirectories(Path.Combine(modelsRoot, "solar")).Select(Path.GetFileName), Is.EqualTo(new[] { production }));
        Assert.That(await ServedVersionAsync(PlantType.Solar), Is.EqualTo(production));
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var failed = await conn.QuerySingleAsync<(string Status, string Error)>(
            "SELECT status, error FROM training.training_runs ORDER BY id DESC LIMIT 1");
        Assert.That(failed.Status, Is.EqualTo("failed"));
        Assert.That(failed.Error, Does.Contain("disk full (test)"));
    }

    [Test]
    public async Task Two_retrain_requests_never_run_at_once()
    {
        // Two training workers are running, so only the retrain lock can keep the runs apart.
        var jobs = new List<string>();
        foreach (var type in new[] { "wind", "wind" })
        {
            var response = await admin.PostAsJsonAsync("/admin/retrain", new { type });
            jobs.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!);
        }

        foreach (var job in jobs) Assert.That((string?)(await WaitForJobAsync(job))["state"], Is.EqualTo("Succeeded"));

        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var runs = (await conn.QueryAsync<(DateTime Started, DateTime Finished)>(
            "SELECT started_at, finished_at FROM training.training_runs ORDER BY started_at")).ToList();
        Assert.That(runs, Has.Count.EqualTo(2));
        Assert.That(runs[1].Started, Is.GreaterThanOrEqualTo(runs[0].Finished));
    }

    [Test]
    public async Task Bad_requests_are_refused_with_problem_details()
    {
        var badType = await admin.PostAsJsonAsync("/admin/retrain", new { type = "tidal" });
        Assert.That(badType.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await badType.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["type"], Is.Not.Null);

        var unknownSite = await admin.PostAsJsonAsync("/admin/retrain", new { type = "solar", site_id = 999_999 });
        Assert.That(unknownSite.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var unknownJob = await admin.GetAsync("/admin/retrain/987654321");
        Assert.That(unknownJob.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var unknownVersion = await admin.PostAsync("/admin/model/solar/promote/19990101T000000Z", null);
        Assert.That(unknownVersion.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var anonymous = app.CreateClient(apiKey: null);
        Assert.That((await anonymous.PostAsJsonAsync("/admin/retrain", new { type = "solar" })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var reader = app.CreateClient(SolarSyncApp.ReaderKey);
        Assert.That((await reader.GetAsync("/admin/model/history")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_version_that_failed_the_gate_is_promoted_only_when_forced()
    {
        await using var scope = app.Scope();
        var runs = scope.ServiceProvider.GetRequiredService<TrainingRunRepository>();
        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
        var runId = await runs.StartAsync("wind", null, null, CancellationToken.None);
        await registry.RegisterCandidateAsync("wind", "20260101T000000Z", ModelFamilies.Network, runId,
            """{"gate": {"passes": false, "reason": "MAE 0.2000 does not beat smart persistence (0.1000) by 2 %"}}""", 20, CancellationToken.None);

        var refused = await admin.PostAsync("/admin/model/wind/promote/20260101T000000Z", null);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"], Does.Contain("smart persistence"));

        // Forced, it still needs its files in the store: the registry row alone is not a model.
        var forced = await admin.PostAsync("/admin/model/wind/promote/20260101T000000Z?force=true", null);
        Assert.That(forced.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((string?)(await forced.Content.ReadFromJsonAsync<JsonObject>())!["title"], Is.EqualTo("Model files missing."));
        Assert.That(await registry.ProductionAsync("wind", CancellationToken.None), Is.Null);
    }

    /// <summary>Retrains <paramref name="type"/> with one family through the admin API and force-promotes the new version.</summary>
    private async Task<(string Version, JsonObject Promoted)> TrainAndPromoteAsync(string type, string family)
    {
        var response = await admin.PostAsJsonAsync("/admin/retrain", new { type, families = new[] { family } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var status = await WaitForJobAsync((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!);
        Assert.That((string?)status["state"], Is.EqualTo("Succeeded"), status.ToJsonString());
        var version = (string)status["version"]!;
        var promoted = await admin.PostAsync($"/admin/model/{type}/promote/{version}?force=true", null);
        Assert.That(promoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await promoted.Content.ReadAsStringAsync());
        return (version, (await promoted.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [TestCase(ModelFamilies.Gbm)]
    [TestCase(ModelFamilies.Network)]
    public async Task A_load_model_trains_on_the_demo_consumer_and_serves_its_forecast_unclipped_by_the_peak(string family)
    {
        var (version, _) = await TrainAndPromoteAsync("load", family);

        var load = (await app.Services.GetRequiredService<ISiteDirectory>().ListAsync(PlantType.Load, CancellationToken.None)).Single();
        var forecast = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{load.Id}/forecast?hours=24"))!;
        Assert.That((string?)forecast["model_version"], Is.EqualTo(version));
        Assert.That((string?)forecast["model_family"], Is.EqualTo(family));
        var points = forecast["points"]!.AsArray();
        Assert.That(points, Has.Count.EqualTo(24));
        foreach (var point in points)
        {
            var (p10, p50, p90) = ((double)point!["p10"]!, (double)point["p50"]!, (double)point["p90"]!);
            Assert.That(p10, Is.LessThanOrEqualTo(p50).And.GreaterThanOrEqualTo(0), point.ToJsonString());
            Assert.That(p90, Is.GreaterThanOrEqualTo(p50).And.LessThanOrEqualTo(load.CapacityKw * 1.5), point.ToJsonString());
        }

        // The demo's demand never stops: a consumer's forecast has no night of zeros.
        Assert.That(points.Select(p => (double)p!["p50"]!).Min(), Is.GreaterThan(0));
    }

    /// <summary>
    /// A model of each family goes the whole way: trained through the admin API (that family only), registered with
    /// its family, promoted, loaded from the store and serving the public forecast endpoint with ordered intervals.
    /// </summary>
    [TestCase(ModelFamilies.Gbm)]
    [TestCase(ModelFamilies.NetworkResidual)]
    [TestCase(ModelFamilies.Network)]
    public async Task A_model_of_each_family_round_trips_through_the_registry_and_serves_the_forecast_endpoint(string family)
    {
        var (version, promoted) = await TrainAndPromoteAsync("wind", family);
        Assert.That((string?)promoted["family"], Is.EqualTo(family));

        var wind = (await app.Services.GetRequiredService<ISiteDirectory>().ListAsync(PlantType.Wind, CancellationToken.None))[0];
        var forecast = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{wind.Id}/forecast?hours=24"))!;
        Assert.That((string?)forecast["model_version"], Is.EqualTo(version));
        Assert.That((string?)forecast["model_family"], Is.EqualTo(family));
        var points = forecast["points"]!.AsArray();
        Assert.That(points, Has.Count.EqualTo(24));
        foreach (var point in points)
        {
            var (p10, p50, p90) = ((double)point!["p10"]!, (double)point["p50"]!, (double)point["p90"]!);
            Assert.That(p10, Is.LessThanOrEqualTo(p50).And.GreaterThanOrEqualTo(0), point.ToJsonString());
            Assert.That(p90, Is.GreaterThanOrEqualTo(p50).And.LessThanOrEqualTo(wind.CapacityKw), point.ToJsonString());
        }

        Assert.That(points.Select(p => (double)p!["p90"]! - (double)p["p10"]!).Max(), Is.GreaterThan(0), "the interval has width");
    }

    [Test]
    public async Task A_retrain_asking_for_an_unknown_family_is_a_problem_naming_the_field()
    {
        var response = await admin.PostAsJsonAsync("/admin/retrain", new { type = "wind", families = new[] { "xgboost" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["families"], Is.Not.Null);
    }

    private async Task<string> RetrainAsync(PlantType type)
    {
        await using var scope = app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<RetrainPipeline>().RunAsync(type, null, null, null, CancellationToken.None);
        return result.Version!;
    }

    private async Task PromoteAsync(string version)
    {
        var response = await admin.PostAsync($"/admin/model/solar/promote/{version}?force=true", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<string?> StatusOfAsync(string version)
    {
        var history = await admin.GetFromJsonAsync<JsonObject>("/admin/model/history?type=solar");
        return (string?)history!["versions"]!.AsArray().Single(v => (string?)v!["version"] == version)!["status"];
    }

    private async Task<string?> ServedVersionAsync(PlantType type) =>
        await app.Services.GetRequiredService<IProductionModels>().VersionAsync(type, CancellationToken.None);

    private async Task<ModelForecast?> ForecastAsync(Site site)
    {
        await using var scope = app.Scope();
        var history = scope.ServiceProvider.GetRequiredService<SolarSync.Modules.Collection.Contracts.IObservationHistory>();
        var now = DateTimeOffset.UtcNow;
        var issue = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var from = issue.AddHours(-48 - 168);
        var rows = await history.ReadAsync(site, from, issue, CancellationToken.None);
        var series = SolarSync.Modules.Features.Contracts.HourlySeries.FromObservations(rows, from, issue, 100);
        var featureSite = SolarSync.Modules.Features.Contracts.FeatureSite.From(site);
        return await app.Services.GetRequiredService<IProductionModels>().ForecastAsync(featureSite, series, null, issue, 24, CancellationToken.None);
    }

    private async Task<JsonObject> WaitForJobAsync(string jobId)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var status = (await admin.GetFromJsonAsync<JsonObject>($"/admin/retrain/{jobId}"))!;
            if ((string?)status["state"] is "Succeeded" or "Failed" || DateTime.UtcNow > deadline) return status;
            await Task.Delay(500);
        }
    }
}
