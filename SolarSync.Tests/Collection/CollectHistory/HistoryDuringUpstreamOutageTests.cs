using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Tests.Collection.Sources;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.CollectHistory;

/// <summary>
/// The history job while NASA POWER answers 500s and hangs: each call is retried, the circuit opens and later runs fail
/// fast, each failed run is recorded, and the first run after the source heals backfills the hours missed meanwhile.
/// </summary>
[NonParallelizable]
public sealed class HistoryDuringUpstreamOutageTests
{
    // NASA POWER publishes with 7 days of delay: on 2025-02-10 it serves up to 02-02, a day later up to 02-03
    // (the recorded fixtures hourly_20250202_20250202 and hourly_20250203_20250203).
    private static readonly DateTimeOffset Start = new(2025, 2, 10, 0, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstHour = new(2025, 2, 2, 0, 0, 0, TimeSpan.Zero);
    private const string NasaPath = "/api/temporal/hourly/point";
    private const int MaxRetryAttempts = 2;

    private readonly FixedClock clock = new(Start);
    private ReplayServer nasa = null!;
    private SolarSyncApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        nasa = await ReplayServer.StartAsync();
        app = await SolarSyncApp.StartAsync(new Dictionary<string, string?>
        {
            ["Collection:Sources:NasaPowerBaseUrl"] = nasa.BaseUrl.ToString(),
            ["Collection:Sources:TimeoutSeconds"] = "0.5",
            ["Collection:Sources:TotalTimeoutSeconds"] = "10",
            ["Collection:Sources:RetryBaseDelaySeconds"] = "0.01",
            ["Collection:Sources:MaxRetryAttempts"] = MaxRetryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // One failed call (three failed attempts) opens the circuit for an hour.
            ["Collection:Sources:CircuitBreakerMinimumThroughput"] = "3",
            ["Collection:Sources:CircuitBreakerFailureRatio"] = "0.5",
            ["Collection:Sources:CircuitBreakerBreakSeconds"] = "3600",
            ["Collection:InitialHistoryDays"] = "8",
        }, services => services.AddSingleton<TimeProvider>(clock));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await app.DisposeAsync();
        await nasa.DisposeAsync();
    }

    [SetUp]
    public Task EmptyTablesAsync() => app.ResetAsync();

    [Test]
    public async Task Failed_runs_are_retried_recorded_and_cut_short_by_the_circuit_and_the_next_good_run_fills_the_gap()
    {
        var siteId = await CreateSiteAsync();
        await HistoryJob.RunAsync(app);
        Assert.That(await StoredHoursAsync(siteId), Has.Count.EqualTo(24), "2025-02-02 stored before the outage");

        // A day later the source answers a 500, hangs past the attempt timeout, then answers a 500 again.
        clock.Advance(TimeSpan.FromDays(1));
        nasa.FailNext(1, HttpStatusCode.InternalServerError);
        nasa.HangNext(1, TimeSpan.FromSeconds(30));
        nasa.FailNext(1, HttpStatusCode.InternalServerError);
        var before = nasa.CountRequests(NasaPath);
        var failing = Stopwatch.StartNew();
        var failed = Assert.ThrowsAsync<InvalidOperationException>(() => HistoryJob.RunAsync(app));
        failing.Stop();
        var attempts = nasa.CountRequests(NasaPath) - before;

        // Hangfire's retry a little later: the circuit is open, the source is not asked.
        var broken = Stopwatch.StartNew();
        var fastFailed = Assert.ThrowsAsync<InvalidOperationException>(() => HistoryJob.RunAsync(app));
        broken.Stop();
        var requestsWhileOpen = nasa.CountRequests(NasaPath) - before - attempts;

        // The source has healed; the next run comes after the circuit's break.
        clock.Advance(TimeSpan.FromHours(2));
        await HistoryJob.RunAsync(app);
        TestContext.Out.WriteLine($"failing run {failing.Elapsed.TotalSeconds:0.00} s, open circuit {broken.Elapsed.TotalSeconds:0.00} s");

        var runs = (await QueryAsync<(string Outcome, string? Error, DateTime? RangeFrom)>(
            "SELECT outcome, error, range_from FROM collection.collection_runs ORDER BY id")).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(attempts, Is.EqualTo(1 + MaxRetryAttempts), "the first try and its retries, the hang among them");
            Assert.That(failed!.Message, Does.Contain("500"));
            Assert.That(requestsWhileOpen, Is.Zero, "the open circuit sent nothing");
            Assert.That(fastFailed!.Message, Does.Contain("circuit").IgnoreCase);
            Assert.That(broken.Elapsed, Is.LessThan(TimeSpan.FromSeconds(0.5)), "failing fast, not waiting for an attempt timeout");
            Assert.That(runs.Select(r => r.Outcome), Is.EqualTo(new[] { "succeeded", "failed", "failed", "succeeded" }));
            Assert.That(runs[1].Error, Does.Contain("500"));
            Assert.That(runs[2].Error, Does.Contain("circuit").IgnoreCase);
            Assert.That(runs[3].RangeFrom, Is.EqualTo(FirstHour.AddDays(1).UtcDateTime), "the backfill starts at the first missing hour");
            Assert.That(await StoredHoursAsync(siteId), Is.EqualTo(Enumerable.Range(0, 48).Select(h => FirstHour.AddHours(h))),
                "every hour of 2025-02-02..03 once, no gap");
        });
    }

    private async Task<long> CreateSiteAsync()
    {
        using var admin = app.CreateClient(SolarSyncApp.AdminKey);
        var response = await admin.PostAsJsonAsync("/api/v1/sites",
            new { name = "Golden", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private static async Task<List<DateTimeOffset>> StoredHoursAsync(long siteId) =>
        [.. (await QueryAsync<DateTime>("SELECT ts FROM collection.observations WHERE site_id = @siteId ORDER BY ts", new { siteId }))
            .Select(ts => new DateTimeOffset(ts, TimeSpan.Zero))];

    private static async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return await conn.QueryAsync<T>(sql, args);
    }
}
