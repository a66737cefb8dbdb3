using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Tests.Collection.Sources;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.CollectHistory;

/// <summary>The collection jobs called directly from a DI scope of the real host, against the real database.</summary>
[NonParallelizable]
public sealed class CollectionJobsTests
{
    // NASA POWER fixture: 2025-02-02..03; with 7 days of publishing delay the clock must read 2025-02-11.
    private static readonly DateTimeOffset Now = new(2025, 2, 11, 0, 30, 0, TimeSpan.Zero);

    private ReplayServer nasa = null!;
    private SolarSyncApp app = null!;
    private HttpClient admin = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        nasa = await ReplayServer.StartAsync();
        nasa.Serve("/api/temporal/hourly/point", "nasa-power/hourly_20250202_20250203.json");
        app = await SolarSyncApp.StartAsync(new Dictionary<string, string?>
        {
            ["Collection:Sources:NasaPowerBaseUrl"] = nasa.BaseUrl.ToString(),
            ["Collection:Sources:RetryBaseDelaySeconds"] = "0.01",
            ["Collection:Sources:MaxRetryAttempts"] = "2",
            ["Collection:InitialHistoryDays"] = "9",
        }, services => services.AddSingleton<TimeProvider>(new FixedClock(Now)));
        admin = app.CreateClient(SolarSyncApp.AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        admin.Dispose();
        await app.DisposeAsync();
        await nasa.DisposeAsync();
    }

    [SetUp]
    public Task EmptyTables() => app.ResetAsync();

    private async Task<long> CreateSite(object body)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/sites", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private Task RunHistoryJob(long? siteId = null) => HistoryJob.RunAsync(app, siteId);

    private static async Task<T> Scalar<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }

    [Test]
    public async Task History_of_a_real_site_comes_from_nasa_power_and_a_second_run_adds_nothing()
    {
        var siteId = await CreateSite(new { name = "Golden", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });

        await RunHistoryJob();
        var stored = await Scalar<long>("SELECT count(*) FROM collection.observations WHERE site_id = @siteId AND source = 'nasa-power'", new { siteId });
        var requestsAfterFirst = nasa.CountRequests("/api/temporal/hourly/point");
        await RunHistoryJob();

        Assert.Multiple(async () =>
        {
            Assert.That(stored, Is.EqualTo(48), "2025-02-02 00:00 .. 2025-02-03 23:00");
            Assert.That(await Scalar<long>("SELECT count(*) FROM collection.observations"), Is.EqualTo(48));
            Assert.That(nasa.CountRequests("/api/temporal/hourly/point"), Is.EqualTo(requestsAfterFirst), "nothing left to fetch");
            Assert.That(await Scalar<string>("SELECT outcome FROM collection.collection_runs WHERE source = 'nasa-power' ORDER BY id LIMIT 1"), Is.EqualTo("succeeded"));
        });
    }

    [Test]
    public async Task A_source_that_keeps_failing_is_retried_then_recorded_as_a_failed_run_with_nothing_stored()
    {
        await CreateSite(new { name = "Golden", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });
        var before = nasa.CountRequests("/api/temporal/hourly/point");
        nasa.AlwaysFail(_ => true, HttpStatusCode.InternalServerError);
        try
        {
            Assert.That(async () => await RunHistoryJob(), Throws.InvalidOperationException.With.Message.Contains("History collection failed"));
        }
        finally
        {
            nasa.AlwaysFail(_ => false, HttpStatusCode.InternalServerError);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(nasa.CountRequests("/api/temporal/hourly/point") - before, Is.EqualTo(3), "one call and two retries");
            Assert.That(await Scalar<long>("SELECT count(*) FROM collection.observations"), Is.Zero);
            Assert.That(await Scalar<string>("SELECT outcome FROM collection.collection_runs ORDER BY id DESC LIMIT 1"), Is.EqualTo("failed"));
            Assert.That(await Scalar<string>("SELECT error FROM collection.collection_runs ORDER BY id DESC LIMIT 1"), Does.Contain("500").Or.Contains("InternalServerError"));
        });
    }

    [Test]
    public async Task A_demo_site_gets_simulated_history_never_a_real_source()
    {
        await using (var scope = app.Scope())
        {
            await using var conn = new NpgsqlConnection(TestServices.Postgres);
            await conn.ExecuteAsync("""
                INSERT INTO sites.sites (name, type, latitude, longitude, capacity_kw, hub_height_m, is_demo)
                VALUES ('Demo WT', 'wind', 52.45, 13.53, 2300, 80, true)
                """);
        }
        var before = nasa.CountRequests("/api/temporal/hourly/point");

        await RunHistoryJob();

        Assert.Multiple(async () =>
        {
            // InitialHistoryDays = 9: 9 × 24 hours up to the current hour.
            Assert.That(await Scalar<long>("SELECT count(*) FROM collection.observations WHERE source = 'simulated'"), Is.EqualTo(9 * 24));
            Assert.That(await Scalar<long>("SELECT count(*) FROM collection.observations WHERE source <> 'simulated'"), Is.Zero);
            Assert.That(nasa.CountRequests("/api/temporal/hourly/point"), Is.EqualTo(before));
            Assert.That(await Scalar<long>("SELECT count(*) FROM validation.data_quality_daily"), Is.GreaterThanOrEqualTo(9));
        });
    }
}
