using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Prediction.EvaluateForecasts;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.Experiments;

/// <summary>
/// /admin/experiments on the real host and PostgreSQL: the registry rows and model folders of a champion and a
/// challenger are made by hand (no model is run here), the forecasts of both are archived, and the daily evaluation
/// job judges the experiment on the clock the tests set.
/// </summary>
public sealed class ExperimentEndpointTests : PredictionHost
{
    private const string Champion = "champ-1";
    private const string Challenger = "chall-2";
    private readonly string modelsRoot = DemoPlants.NewModelsRoot();

    private protected override Dictionary<string, string?> Settings => new() { ["Models:Path"] = modelsRoot };

    [OneTimeTearDown]
    public void RemoveModels()
    {
        if (Directory.Exists(modelsRoot)) Directory.Delete(modelsRoot, recursive: true);
    }

    [SetUp]
    public async Task RegisterVersionsAsync()
    {
        await RegisterAsync(Champion, "production");
        await RegisterAsync(Challenger, "candidate");
    }

    private async Task RegisterAsync(string version, string status)
    {
        var folder = Path.Combine(modelsRoot, "solar", version);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), "{}");
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.ExecuteAsync("""
            INSERT INTO training.model_versions (model_type, version, status, metrics, test_nmae, created_at)
            VALUES ('solar', @version, @status, '{}', 10, @now)
            """, new { version, status, now = Clock.Now });
    }

    private Task<HttpResponseMessage> StartAsync(object body) => Admin.PostAsJsonAsync("/admin/experiments", body);

    private async Task<JsonObject> StartedAsync(object body)
    {
        var response = await StartAsync(body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<JsonObject> GetAsync(string url)
    {
        var response = await Admin.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Test]
    public async Task Starting_needs_the_admin_key()
    {
        using var anonymous = App.CreateClient(apiKey: null);

        Assert.That((await anonymous.PostAsJsonAsync("/admin/experiments", new { type = "solar", challenger_version = Challenger, mode = "shadow" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Reader.PostAsJsonAsync("/admin/experiments", new { type = "solar", challenger_version = Challenger, mode = "shadow" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Reader.GetAsync("/admin/experiments")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Invalid_requests_are_problem_details_naming_each_field()
    {
        var problem = await ProblemAsync(await StartAsync(new { type = "hydro", challenger_version = Challenger, mode = "split", split = new { strategy = "gradual" }, min_days = 0 }),
            HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "type", "split.ramp", "min_days" }));

        var unknown = await ProblemAsync(await StartAsync(new { type = "solar", challenger_version = "nope", mode = "shadow" }), HttpStatusCode.BadRequest);
        Assert.That(unknown["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "challenger_version" }));

        var champion = await ProblemAsync(await StartAsync(new { type = "solar", challenger_version = Champion, mode = "shadow" }), HttpStatusCode.BadRequest);
        Assert.That(champion["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "challenger_version" }));
    }

    [Test]
    public async Task One_experiment_runs_per_type_and_ends_once()
    {
        var started = await StartedAsync(new { type = "solar", challenger_version = Challenger, mode = "shadow" });
        var id = (long)started["id"]!;
        Assert.That((string?)started["champion_version"], Is.EqualTo(Champion));
        Assert.That((string?)started["status"], Is.EqualTo("running"));

        await ProblemAsync(await StartAsync(new { type = "solar", challenger_version = Challenger, mode = "shadow" }), HttpStatusCode.Conflict);
        Assert.That((await GetAsync("/admin/experiments"))["experiments"]!.AsArray().Select(e => (long)e!["id"]!), Is.EqualTo(new[] { id }));
        Assert.That((string?)(await GetAsync($"/admin/experiments/{id}"))["mode"], Is.EqualTo("shadow"));

        var stopped = await Admin.PostAsync($"/admin/experiments/{id}/stop", null);
        Assert.That(stopped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)(await GetAsync($"/admin/experiments/{id}"))["status"], Is.EqualTo("stopped"));
        await ProblemAsync(await Admin.PostAsync($"/admin/experiments/{id}/stop", null), HttpStatusCode.Conflict);
        await ProblemAsync(await Admin.PostAsync($"/admin/experiments/{id}/promote", null), HttpStatusCode.Conflict);
        // Once stopped, another may start.
        await StartedAsync(new { type = "solar", challenger_version = Challenger, mode = "shadow" });
    }

    [Test]
    public async Task An_unknown_experiment_is_404()
    {
        await ProblemAsync(await Admin.GetAsync("/admin/experiments/999"), HttpStatusCode.NotFound);
        await ProblemAsync(await Admin.GetAsync("/admin/experiments/999/analysis"), HttpStatusCode.NotFound);
        await ProblemAsync(await Admin.PostAsync("/admin/experiments/999/stop", null), HttpStatusCode.NotFound);
        await ProblemAsync(await Admin.PostAsync("/admin/experiments/999/promote", null), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Promoting_makes_the_challenger_production()
    {
        var id = (long)(await StartedAsync(new { type = "solar", challenger_version = Challenger, mode = "shadow" }))["id"]!;

        var promoted = await Admin.PostAsync($"/admin/experiments/{id}/promote", null);

        Assert.That(promoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await promoted.Content.ReadAsStringAsync());
        Assert.That((string?)(await GetAsync($"/admin/experiments/{id}"))["status"], Is.EqualTo("promoted"));
        Assert.That(await ProductionVersionAsync(), Is.EqualTo(Challenger));
    }

    [Test]
    public async Task A_challenger_better_by_a_tenth_on_eight_archived_days_is_analysed_by_hand_and_promoted_by_the_daily_job()
    {
        var site = await CreateSiteAsync("Paired", capacityKw: 100);
        var id = (long)(await StartedAsync(new { type = "solar", challenger_version = Challenger, mode = "shadow", min_days = 7 }))["id"]!;
        // Actual 50 kW every hour; champion errors ±10, challenger 8, −10, 9, −9: MAE 10 against 9.
        await ArchivePairedAsync(site, hours: 8 * 24, [10, -10, 10, -10], [8, -10, 9, -9]);

        Clock.Now = Clock.Now.AddDays(9);
        var analysis = await GetAsync($"/admin/experiments/{id}/analysis");
        Assert.That((int)analysis["paired_hours"]!, Is.EqualTo(8 * 24));
        Assert.That((double)analysis["champion"]!["all"]!["mae"]!, Is.EqualTo(10).Within(1e-9));
        Assert.That((double)analysis["challenger"]!["all"]!["mae"]!, Is.EqualTo(9).Within(1e-9));
        Assert.That((string?)analysis["verdict"], Is.EqualTo("challenger_wins"));

        await using (var scope = App.Scope())
            await scope.ServiceProvider.GetRequiredService<EvaluateForecastsJob>().RunAsync(CancellationToken.None);

        var experiment = await GetAsync($"/admin/experiments/{id}");
        Assert.That((string?)experiment["verdict"], Is.EqualTo("challenger_wins"));
        Assert.That((string?)experiment["status"], Is.EqualTo("promoted"));
        Assert.That(await ProductionVersionAsync(), Is.EqualTo(Challenger));
        await using (var conn = new NpgsqlConnection(TestServices.Postgres))
        {
            var audited = await conn.QuerySingleAsync<(string Client, string Target)>(
                "SELECT client, target FROM monitoring.audit_log WHERE action = 'experiment.promote'");
            Assert.That(audited, Is.EqualTo(("prediction:evaluate-daily", id.ToString())));
        }

        var metrics = await App.CreateClient().GetStringAsync("/metrics");
        Assert.That(metrics, Does.Match($"solarsync_experiment_verdict\\{{[^}}]*experiment=\"{id}\"[^}}]*verdict=\"challenger_wins\"[^}}]*\\}} 1"));
    }

    [Test]
    public async Task A_gradual_share_rises_on_schedule_and_halts_when_the_challenger_is_worse()
    {
        var site = await CreateSiteAsync("Ramp", capacityKw: 100);
        var id = (long)(await StartedAsync(new
        {
            type = "solar", challenger_version = Challenger, mode = "split", min_days = 30,
            split = new { strategy = "gradual", ramp = new { start_percent = 10, step_percent = 20, every_hours = 24, max_percent = 90 } },
        }))["id"]!;
        Assert.That((double)(await GetAsync($"/admin/experiments/{id}"))["challenger_percent"]!, Is.EqualTo(10));

        Clock.Now = Clock.Now.AddHours(24);
        Assert.That((double)(await GetAsync($"/admin/experiments/{id}"))["challenger_percent"]!, Is.EqualTo(30));

        // Three days in which the challenger errs more: significantly worse long before min_days.
        await ArchivePairedAsync(site, hours: 3 * 24, [8, -10, 9, -9], [10, -10, 10, -10]);
        Clock.Now = Clock.Now.AddHours(48 + 1);
        await using (var scope = App.Scope())
            await scope.ServiceProvider.GetRequiredService<EvaluateForecastsJob>().RunAsync(CancellationToken.None);

        var halted = await GetAsync($"/admin/experiments/{id}");
        Assert.That((double?)halted["halted_percent"], Is.EqualTo(70), "the share at 73 h: 10 + 3 × 20");
        Clock.Now = Clock.Now.AddDays(10);
        var later = await GetAsync($"/admin/experiments/{id}");
        Assert.That((string?)later["verdict"], Is.EqualTo("running"));
        Assert.That((double)later["challenger_percent"]!, Is.EqualTo((double)halted["halted_percent"]!));
    }

    /// <summary>From the clock's hour on, hourly observations of 50 kW and one-hour forecasts of both versions erring by the cycles given.</summary>
    private async Task ArchivePairedAsync(Site site, int hours, double[] championErrors, double[] challengerErrors)
    {
        var start = new DateTimeOffset(Clock.Now.Year, Clock.Now.Month, Clock.Now.Day, Clock.Now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        await StoreObservationsAsync(site, Enumerable.Range(0, hours).Select(i => (start.AddHours(i), (double?)50)).ToArray());
        for (var i = 0; i < hours; i++)
        {
            double champion = 50 + championErrors[i % championErrors.Length], challenger = 50 + challengerErrors[i % challengerErrors.Length];
            await StoreForecastAsync(Forecast(site, Champion, start.AddHours(i), 10, (champion, champion - 5, champion + 5)));
            await StoreForecastAsync(Forecast(site, Challenger, start.AddHours(i), 10, (challenger, challenger - 5, challenger + 5)));
        }
    }

    private static async Task<string?> ProductionVersionAsync()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return await conn.ExecuteScalarAsync<string?>("SELECT version FROM training.model_versions WHERE model_type = 'solar' AND status = 'production'");
    }
}
