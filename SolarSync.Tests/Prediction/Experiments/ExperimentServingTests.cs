using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.Experiments;

/// <summary>
/// Forecasts served during an experiment, with two small GBM versions of the demo solar plant trained here: shadow
/// archives both and answers with the champion; a client-hash split answers with the model it assigned.
/// </summary>
[NonParallelizable]
public sealed class ExperimentServingTests
{
    private DemoHost host = null!;
    private Site solar = null!;
    private string champion = null!;
    private string challenger = null!;

    [OneTimeSetUp]
    public async Task StartHostWithTwoVersionsAsync()
    {
        host = await DemoHost.StartAsync();
        await using (var conn = new NpgsqlConnection(TestServices.Postgres))
            await conn.ExecuteAsync("TRUNCATE prediction.experiments, prediction.forecasts");
        await DemoPlants.CollectAsync(host.App, weatherForecast: false);
        await using var scope = host.App.Scope();
        solar = (await scope.ServiceProvider.GetRequiredService<ISiteDirectory>().ListAsync(PlantType.Solar, CancellationToken.None)).Single();
        var pipeline = scope.ServiceProvider.GetRequiredService<RetrainPipeline>();
        champion = (await pipeline.RunAsync(PlantType.Solar, null, null, null, CancellationToken.None, ["gbm"])).Version!;
        challenger = (await pipeline.RunAsync(PlantType.Solar, null, null, null, CancellationToken.None, ["gbm"])).Version!;
        var promoted = await host.Admin.PostAsync($"/admin/model/solar/promote/{champion}?force=true", null);
        Assert.That(promoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await promoted.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        await host.DisposeAsync();
    }

    private async Task<long> StartAsync(object body)
    {
        var response = await host.Admin.PostAsJsonAsync("/admin/experiments", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (long)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private async Task<JsonObject> ForecastAsync(int hours)
    {
        var response = await host.Reader.GetAsync($"/api/v1/sites/{solar.Id}/forecast?hours={hours}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Test]
    public async Task Shadow_archives_both_versions_and_answers_with_the_champion_then_a_full_split_answers_with_the_challenger()
    {
        Assume.That(challenger, Is.Not.EqualTo(champion));
        var shadow = await StartAsync(new { type = "solar", challenger_version = challenger, mode = "shadow" });

        var served = await ForecastAsync(hours: 24);

        Assert.That((string?)served["model_version"], Is.EqualTo(champion));
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var archived = (await conn.QueryAsync<string>(
            "SELECT model_version FROM prediction.forecasts WHERE site_id = @id AND issued_at = @issued ORDER BY model_version",
            new { id = solar.Id, issued = DateTimeOffset.Parse((string)served["issued_at"]!).UtcDateTime })).ToList();
        Assert.That(archived, Is.EquivalentTo(new[] { champion, challenger }));

        Assert.That((await host.Admin.PostAsync($"/admin/experiments/{shadow}/stop", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await StartAsync(new { type = "solar", challenger_version = challenger, mode = "split", split = new { strategy = "client_hash", percent = 100 } });

        // Another horizon, so the answer is computed rather than the champion's cached one (the key holds the version anyway).
        var split = await ForecastAsync(hours: 12);

        Assert.That((string?)split["model_version"], Is.EqualTo(challenger));
    }
}
