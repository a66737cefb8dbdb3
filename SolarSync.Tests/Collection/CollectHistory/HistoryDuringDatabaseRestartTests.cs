using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Collection.Data;
using SolarSync.Tests.Collection.Sources;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.CollectHistory;

/// <summary>
/// The history job on a PostgreSQL of its own, stopped while the job waits for a site's NASA POWER answer and started
/// again; Hangfire's retries then finish the job with every hour stored once.
/// </summary>
[NonParallelizable]
public sealed class HistoryDuringDatabaseRestartTests
{
    // NASA POWER fixture 2025-02-02..03; with 7 days of publishing delay the clock must read 2025-02-11.
    private static readonly DateTimeOffset Now = new(2025, 2, 11, 0, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstHour = new(2025, 2, 2, 0, 0, 0, TimeSpan.Zero);
    private const string NasaPath = "/api/temporal/hourly/point";

    private PrivatePostgres postgres = null!;
    private ReplayServer nasa = null!;
    private SolarSyncApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        postgres = await PrivatePostgres.StartAsync();
        nasa = await ReplayServer.StartAsync();
        app = await SolarSyncApp.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = postgres.ConnectionString,
            ["Collection:Sources:NasaPowerBaseUrl"] = nasa.BaseUrl.ToString(),
            ["Collection:InitialHistoryDays"] = "9",
        }, services => services.AddSingleton<TimeProvider>(new FixedClock(Now)));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await app.DisposeAsync();
        await nasa.DisposeAsync();
        await postgres.DisposeAsync();
    }

    [Test]
    public async Task A_restart_during_the_job_ends_after_its_retries_with_every_hour_stored_once()
    {
        var first = await CreateSiteAsync("Golden", 39.74, -105.18);
        var second = await CreateSiteAsync("Boulder", 40.01, -105.27);
        var secondsAnswer = nasa.HoldNext(r => r.Query.GetValueOrDefault("latitude") == "40.01");
        var clock = Stopwatch.StartNew();

        // The first site is stored; the second site's run is open and its answer on the way when PostgreSQL stops.
        var interrupted = HistoryJob.RunAsync(app);
        await secondsAnswer.Arrived.WaitAsync(TimeSpan.FromSeconds(20));
        await postgres.StopServerAsync();
        secondsAnswer.Open();
        var outage = Assert.ThrowsAsync<InvalidOperationException>(async () => await interrupted);
        await postgres.StartServerAsync();
        var failedRetries = await HistoryJob.RetryAsync(app);
        TestContext.Out.WriteLine($"outage and {failedRetries.Count + 1} retries in {clock.Elapsed.TotalSeconds:0.0} s");

        var runs = await QueryAsync<(long SiteId, string Outcome, string? Error)>(
            "SELECT site_id, outcome, error FROM collection.collection_runs WHERE kind = 'history' ORDER BY id");
        Assert.Multiple(async () =>
        {
            Assert.That(outage!.Message, Does.Contain($"site {second}"), "the job fails, so Hangfire retries it");
            Assert.That(outage.Message, Does.Not.Contain($"site {first}:"));
            foreach (var site in new[] { first, second })
            {
                var hours = await QueryAsync<DateTime>(
                    "SELECT ts FROM collection.observations WHERE site_id = @site AND source = 'nasa-power' ORDER BY ts", new { site });
                Assert.That(hours.Select(h => new DateTimeOffset(h, TimeSpan.Zero)),
                    Is.EqualTo(Enumerable.Range(0, 48).Select(h => FirstHour.AddHours(h))), $"site {site}: each hour of 2025-02-02..03 once");
            }

            Assert.That(nasa.Requests.Count(r => r.Path == NasaPath && r.Query["latitude"] == "39.74"), Is.EqualTo(1),
                "the retry fetched nothing the first run had stored");
            Assert.That(runs, Is.EqualTo(new[]
            {
                (first, "succeeded", (string?)null),
                (second, "failed", CollectionRunRepository.InterruptedError),
                (second, "succeeded", null),
            }));
        });
    }

    private async Task<long> CreateSiteAsync(string name, double latitude, double longitude)
    {
        using var admin = app.CreateClient(SolarSyncApp.AdminKey);
        var response = await admin.PostAsJsonAsync("/api/v1/sites", new { name, type = "solar", latitude, longitude, capacity_kw = 100 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(postgres.ConnectionString);
        return [.. await conn.QueryAsync<T>(sql, args)];
    }
}
