using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Models.Serving;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.Forecasting;

/// <summary>
/// The forecast endpoints on the real host: the demo plants with their simulated history and weather forecast, tiny
/// Production models trained here (<see cref="DemoPlants"/>), real PostgreSQL and Redis.
/// </summary>
[NonParallelizable]
public sealed class ForecastApiTests
{
    private DemoHost host = null!;
    private Site solar = null!;
    private Site wind = null!;

    [OneTimeSetUp]
    public async Task StartHostWithModelsAsync()
    {
        host = await DemoHost.StartAsync();
        await DemoPlants.CollectAsync(host.App, weatherForecast: true);
        await using var scope = host.App.Scope();
        var sites = scope.ServiceProvider.GetRequiredService<ISiteDirectory>();
        solar = (await sites.ListAsync(PlantType.Solar, CancellationToken.None)).Single();
        wind = (await sites.ListAsync(PlantType.Wind, CancellationToken.None)).Single();
        await TrainAndPromoteAsync(PlantType.Solar);
        await TrainAndPromoteAsync(PlantType.Wind);
        await TrainAndPromoteAsync(PlantType.Load);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        await host.DisposeAsync();
    }

    [Test]
    public async Task The_nearest_solar_site_gets_24_hours_from_the_production_model()
    {
        var production = await ServedVersionAsync(PlantType.Solar);
        var body = await GetForecastAsync($"/api/v1/predict/solar?location_lat={solar.Latitude + 0.05}&location_lng={solar.Longitude}&hours=24");

        Assert.That((long)body["site"]!["id"]!, Is.EqualTo(solar.Id));
        Assert.That((string?)body["type"], Is.EqualTo("solar"));
        Assert.That((string?)body["unit"], Is.EqualTo("kW"));
        Assert.That((string?)body["model_version"], Is.EqualTo(production));
        Assert.That((string?)body["metadata"]!["historical_context"], Is.EqualTo("observed"));
        Assert.That(body["metadata"]!["weather_issued_at"], Is.Not.Null);
        var points = body["points"]!.AsArray();
        Assert.That(points, Has.Count.EqualTo(24));
        var issued = DateTimeOffset.Parse((string)body["issued_at"]!);
        for (var k = 0; k < points.Count; k++)
            Assert.That(DateTimeOffset.Parse((string)points[k]!["timestamp"]!), Is.EqualTo(issued.AddHours(k)));
    }

    [Test]
    public async Task Solar_is_zero_at_night_and_every_interval_is_ordered_within_capacity()
    {
        var body = await GetForecastAsync($"/api/v1/sites/{solar.Id}/forecast?hours=168");
        var nights = 0;
        foreach (var point in body["points"]!.AsArray())
        {
            var (p10, p50, p90) = ((double)point!["p10"]!, (double)point["p50"]!, (double)point["p90"]!);
            Assert.That(p10, Is.GreaterThanOrEqualTo(0));
            Assert.That(p10, Is.LessThanOrEqualTo(p50));
            Assert.That(p50, Is.LessThanOrEqualTo(p90));
            Assert.That(p90, Is.LessThanOrEqualTo(solar.CapacityKw));
            var hour = DateTimeOffset.Parse((string)point["timestamp"]!);
            if (SolarPosition.ForHour(hour, solar.Latitude, solar.Longitude).ElevationDeg < -1)
            {
                nights++;
                Assert.That(p90, Is.Zero, $"night hour {hour:O}");
            }
        }

        Assert.That(nights, Is.GreaterThan(40), "a week has many night hours");
    }

    [Test]
    public async Task A_wind_site_forecast_defaults_to_48_hours_within_capacity()
    {
        var body = await GetForecastAsync($"/api/v1/sites/{wind.Id}/forecast");
        var points = body["points"]!.AsArray();
        Assert.That(points, Has.Count.EqualTo(48));
        Assert.That((string?)body["model_version"], Is.EqualTo(await ServedVersionAsync(PlantType.Wind)));
        Assert.That(points.Select(p => (double)p!["p90"]!), Has.All.InRange(0, wind.CapacityKw));
        Assert.That(points.Select(p => (double)p!["p50"]!).Distinct().Count(), Is.GreaterThan(1), "a forecast, not a constant");
    }

    [Test]
    public async Task The_second_identical_call_is_a_cache_hit()
    {
        var url = $"/api/v1/sites/{wind.Id}/forecast?hours=7";
        var first = await GetForecastAsync(url);
        var second = await GetForecastAsync(url);

        Assert.That((string?)first["metadata"]!["cache"], Is.EqualTo("miss"));
        Assert.That((string?)second["metadata"]!["cache"], Is.EqualTo("hit"));
        Assert.That(second["points"]!.ToJsonString(), Is.EqualTo(first["points"]!.ToJsonString()));
    }

    [Test]
    public async Task Promotion_changes_the_served_version_without_a_restart()
    {
        var before = await ServedVersionAsync(PlantType.Solar);
        var url = $"/api/v1/sites/{solar.Id}/forecast?hours=12";
        Assert.That((string?)(await GetForecastAsync(url))["model_version"], Is.EqualTo(before));

        var next = await TrainAndPromoteAsync(PlantType.Solar);

        Assert.That(next, Is.Not.EqualTo(before));
        var after = await GetForecastAsync(url);
        Assert.That((string?)after["model_version"], Is.EqualTo(next));
        Assert.That((string?)after["metadata"]!["cache"], Is.EqualTo("miss"), "a new version makes a new cache key");
    }

    [Test]
    public async Task A_site_without_history_gets_the_physical_model_and_says_so()
    {
        var created = await host.Admin.PostAsJsonAsync("/api/v1/sites", new
        {
            name = "New plant " + Guid.NewGuid().ToString("N")[..6], type = "solar", latitude = 48.1, longitude = 11.6,
            capacity_kw = 100, tilt_deg = 30, azimuth_deg = 180, time_zone = "Europe/Berlin",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (long)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var body = await GetForecastAsync($"/api/v1/sites/{id}/forecast?hours=24");

        Assert.That((string?)body["model_version"], Is.EqualTo("physical"));
        Assert.That((string?)body["model_family"], Is.EqualTo("physical"));
        Assert.That((string?)body["metadata"]!["historical_context"], Is.EqualTo("missing"));
        Assert.That((int)body["metadata"]!["history_hours"]!, Is.Zero);
        Assert.That(body["metadata"]!["weather_issued_at"], Is.Null);
        Assert.That(body["points"]!.AsArray().Select(p => (double)p!["p50"]!), Has.All.InRange(0, 100));
    }

    [Test]
    public async Task Served_forecasts_show_in_the_prediction_metrics()
    {
        var version = await ServedVersionAsync(PlantType.Wind);
        await GetForecastAsync($"/api/v1/sites/{wind.Id}/forecast?hours=9");

        var scrape = await host.Reader.GetStringAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(scrape, Does.Match(@"solarsync_predictions_total\{[^}]*type=""wind""[^}]*\} [1-9]"));
            Assert.That(scrape, Does.Match(@"solarsync_prediction_duration_seconds_count\{[^}]*type=""wind""[^}]*\} [1-9]"));
            Assert.That(scrape, Does.Match($@"solarsync_model_info\{{[^}}]*version=""{version}""[^}}]*\}} 1\b"));
            Assert.That(scrape, Does.Match(@"solarsync_inference_batch_size_count\{[^}]*type=""wind""[^}]*\} [1-9]"));
        });
    }

    [Test]
    public async Task Redis_stopped_mid_test_still_serves_the_forecast_uncached()
    {
        var url = $"/api/v1/sites/{wind.Id}/forecast?hours=5";
        Assert.That((await host.Reader.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        TestServices.Run("stop", "redis");
        try
        {
            await TestServices.WaitUntilRedisRefusesAsync();
            // Another horizon: hours=5 may still be held in this process's near copy for a moment.
            var response = await host.Reader.GetAsync($"/api/v1/sites/{wind.Id}/forecast?hours=6");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.That((string?)body!["metadata"]!["cache"], Is.EqualTo("bypass"));
            Assert.That(body["points"]!.AsArray(), Has.Count.EqualTo(6));
        }
        finally
        {
            TestServices.Run("start", "redis");
            await WaitUntilCachedAgainAsync(url);
        }
    }

    /// <summary>After an outage the cache's circuit stays open for a few seconds; later tests expect it closed.</summary>
    private async Task WaitUntilCachedAgainAsync(string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var body = await host.Reader.GetFromJsonAsync<JsonObject>(url);
            if ((string?)body!["metadata"]!["cache"] != "bypass") return;
            await Task.Delay(250);
        }

        Assert.Fail("The forecast cache did not come back within 30 s of Redis restarting.");
    }

    [TestCase("/api/v1/predict/solar?location_lat=39.742&location_lng=-105.179&hours=0", "hours")]
    [TestCase("/api/v1/predict/solar?location_lat=39.742&location_lng=-105.179&hours=169", "hours")]
    [TestCase("/api/v1/predict/solar?location_lat=39.742&location_lng=-105.179&hours=abc", "hours")]
    [TestCase("/api/v1/predict/solar?location_lng=-105.179", "location_lat")]
    [TestCase("/api/v1/predict/solar?location_lat=39.742", "location_lng")]
    [TestCase("/api/v1/predict/solar?location_lat=north&location_lng=-105.179", "location_lat")]
    [TestCase("/api/v1/predict/solar?location_lat=39.742&location_lng=east", "location_lng")]
    [TestCase("/api/v1/predict/solar?location_lat=91&location_lng=-105.179", "location_lat")]
    [TestCase("/api/v1/predict/tidal?location_lat=39.742&location_lng=-105.179", "type")]
    [TestCase("/api/v1/sites/1/forecast?hours=0", "hours")]
    [TestCase("/api/v1/sites/1/forecast?hours=169", "hours")]
    public async Task Bad_parameters_are_a_400_naming_the_field(string url, string field)
    {
        var response = await host.Reader.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { field }));
    }

    [Test]
    public async Task No_site_nearby_is_a_404_problem()
    {
        var response = await host.Reader.GetAsync("/api/v1/predict/solar?location_lat=-33.9&location_lng=18.4&hours=24");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"], Is.EqualTo("No site nearby."));

        var wrongType = await host.Reader.GetAsync($"/api/v1/predict/wind?location_lat={solar.Latitude}&location_lng={solar.Longitude}");
        Assert.That(wrongType.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the solar site is not a wind site");

        Assert.That((await host.Reader.GetAsync("/api/v1/sites/999999/forecast")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_nowcast_gives_pvwatts_output_with_an_interval()
    {
        var response = await host.Reader.PostAsJsonAsync("/api/v1/forecast/solar", new { ghi = 800, temperature = 25, hour = 12, system_capacity_kw = 100 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        // Cell temperature (SAPM, 1 m/s): 800·e^(−3.47−0.0594) + 25 + 0.8·3 = 50.69 °C; DC = 100·0.8·(1 − 0.004·25.69)·0.86
        // = 61.73 kW; AC = 0.96 × DC = 59.26 kW.
        Assert.That((double)body["prediction"]!, Is.EqualTo(59.26).Within(0.05));
        Assert.That((string?)body["model"], Is.EqualTo("pvwatts-ghi"));
        Assert.That((double)body["confidence"]!, Is.EqualTo(0.8));
        Assert.That((double)body["p10"]!, Is.LessThan((double)body["prediction"]!));
        Assert.That((double)body["p90"]!, Is.GreaterThan((double)body["prediction"]!));
        Assert.That(DateTimeOffset.Parse((string)body["timestamp"]!).Hour, Is.EqualTo(12));

        var bad = await host.Reader.PostAsJsonAsync("/api/v1/forecast/solar", new { ghi = -5, temperature = 25, hour = 24 });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "ghi", "hour", "system_capacity_kw" }));
    }

    [Test]
    public async Task Every_issued_forecast_is_archived_once()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.ExecuteAsync("TRUNCATE prediction.forecasts");
        var url = $"/api/v1/sites/{solar.Id}/forecast?hours=30";
        await GetForecastAsync(url);
        await GetForecastAsync(url);

        var rows = await conn.QueryAsync<(long SiteId, int HorizonHours)>("SELECT site_id, horizon_hours FROM prediction.forecasts");
        Assert.That(rows, Is.EqualTo(new[] { (solar.Id, 30) }));
    }

    /// <summary>
    /// A release that changes the feature columns leaves a Production model trained on the old ones: it is not served
    /// (the physical model stands in, and readiness says why) until a model trained on this build's columns is promoted.
    /// </summary>
    [Test]
    public async Task A_production_model_trained_on_other_columns_gives_way_to_the_physical_model_until_another_is_promoted()
    {
        var current = (await ServedVersionAsync(PlantType.Solar))!;
        string older;
        await using (var scope = host.App.Scope())
        {
            var repository = scope.ServiceProvider.GetRequiredService<IModelRepository>();
            using var served = scope.ServiceProvider.GetRequiredService<ModelStore>().LoadModel("solar", current);
            older = repository.NewVersion("solar", DateTimeOffset.UtcNow);
            var manifest = served.Manifest with { Version = older, EncoderFeatures = served.Manifest.EncoderFeatures.SkipLast(1).ToArray() };
            await repository.RegisterCandidateAsync(new TrainedModel(served.Forecaster, served.Calibrations, served.Availability, served.Conformal, manifest),
                runId: null, "{}", CancellationToken.None);
        }

        await PromoteAsync(PlantType.Solar, older);
        try
        {
            var body = await GetForecastAsync($"/api/v1/sites/{solar.Id}/forecast?hours=12");
            var models = (await host.Reader.GetFromJsonAsync<JsonObject>("/health/ready"))!["checks"]!["models"]!;

            Assert.Multiple(() =>
            {
                Assert.That((string?)body["model_version"], Is.EqualTo("physical"));
                Assert.That(body["points"]!.AsArray(), Has.Count.EqualTo(12));
                Assert.That((string?)models["status"], Is.EqualTo("Degraded"));
                Assert.That((string?)models["description"], Does.Contain($"solar {older} trained on other feature columns"));
            });
        }
        finally
        {
            await PromoteAsync(PlantType.Solar, current);
        }

        Assert.That((string?)(await GetForecastAsync($"/api/v1/sites/{solar.Id}/forecast?hours=12"))["model_version"], Is.EqualTo(current));
    }

    [Test]
    public async Task Readiness_reports_the_served_models()
    {
        var ready = await host.Reader.GetFromJsonAsync<JsonObject>("/health/ready");
        var models = ready!["checks"]!["models"]!;
        Assert.That((string?)models["status"], Is.EqualTo("Healthy"));
        Assert.That((string?)models["description"], Does.Contain(await ServedVersionAsync(PlantType.Solar)));
        Assert.That((string?)models["description"], Does.Contain($"load {await ServedVersionAsync(PlantType.Load)}"));
    }

    [Test]
    public async Task The_openapi_document_has_the_forecast_endpoints_with_examples()
    {
        var document = (await host.Reader.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();

        var predict = paths["/api/v1/predict/{type}"]!["get"]!;
        Assert.That((string?)predict["responses"]!["200"]!["content"]!.AsObject().Single().Value!["example"]!["unit"], Is.EqualTo("kW"));
        Assert.That(paths["/api/v1/sites/{id}/forecast"]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Single().Value!["example"], Is.Not.Null);
        Assert.That(paths["/api/v1/forecast/solar"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!["ghi"], Is.Not.Null);
        Assert.That(paths.Select(p => p.Key), Does.Contain("/api/v1/sites/{id}/performance").And.Contain("/monitoring/cache/stats"));
    }

    private async Task<JsonObject> GetForecastAsync(string url)
    {
        var response = await host.Reader.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<string> TrainAndPromoteAsync(PlantType type)
    {
        await using var scope = host.App.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<RetrainPipeline>().RunAsync(type, null, null, null, CancellationToken.None);
        await PromoteAsync(type, result.Version!);
        return result.Version!;
    }

    private async Task PromoteAsync(PlantType type, string version)
    {
        var promoted = await host.Admin.PostAsync($"/admin/model/{type.ToDbName()}/promote/{version}?force=true", null);
        Assert.That(promoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await promoted.Content.ReadAsStringAsync());
    }

    private async Task<string?> ServedVersionAsync(PlantType type) =>
        await host.App.Services.GetRequiredService<ProductionModels>().VersionAsync(type, CancellationToken.None);
}
