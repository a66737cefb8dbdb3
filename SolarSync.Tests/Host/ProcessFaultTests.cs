using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// The real host process killed (SIGKILL) during a retrain and during promotions, and stopped as systemd stops it
/// (SIGTERM) during a retrain. After a restart the registry holds exactly one Production model per type, its files are
/// whole, it serves, and a gracefully stopped retrain runs again to the end. One database and model store for the
/// fixture: the demo plants' history and two small tree models are made once.
/// </summary>
[NonParallelizable]
public sealed class ProcessFaultTests
{
    private const long SolarSiteId = 1;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private string database = null!;
    private string models = null!;
    private string first = null!;
    private string second = null!;

    [OneTimeSetUp]
    public async Task TrainTwoSolarVersionsAsync()
    {
        database = await TestServices.FreshDatabaseAsync("faults");
        models = DemoPlants.NewModelsRoot();
        var settings = Settings(trainingWorkers: 1);
        settings["Collection:BackfillAtStartup"] = "true";
        settings["Hangfire:DefaultWorkers"] = "1";
        await using var host = await HostProcess.StartAsync(settings);
        using var admin = host.CreateClient();
        await WaitForHistoryAsync(host);
        first = await TrainAsync(host, admin, "gbm");
        second = await TrainAsync(host, admin, "gbm");
        await PromoteAsync(admin, first);
        await host.TerminateAsync(ShutdownTimeout + TimeSpan.FromSeconds(20));
    }

    [OneTimeTearDown]
    public void RemoveModels()
    {
        if (Directory.Exists(models)) Directory.Delete(models, recursive: true);
    }

    [Test]
    public async Task A_host_killed_during_a_retrain_restarts_serving_the_previous_Production_model()
    {
        string previous, jobId;
        await using (var host = await HostProcess.StartAsync(Settings(trainingWorkers: 1, longRetrain: true)))
        {
            using var admin = host.CreateClient();
            previous = await ProductionVersionAsync();
            jobId = await QueueRetrainAsync(admin, "network");
            await WaitForEpochAsync(host, admin, jobId);
            await Task.Delay(Random.Shared.Next(0, 1500));
            await host.KillAsync();
        }

        var killedRun = await RunOfJobAsync(jobId);
        TestContext.Out.WriteLine($"killed retrain run {killedRun.Id} ({killedRun.Status}); Production before: {previous}");
        Assert.That(killedRun.Status, Is.EqualTo("running"), "the kill landed while the retrain was running");

        await using (var restarted = await HostProcess.StartAsync(Settings(trainingWorkers: 0)))
        {
            using var admin = restarted.CreateClient();
            await AssertConsistentAsync(admin, expectedProduction: previous, restarted);
            var run = await RunOfJobAsync(jobId);
            Assert.That(run.Status, Is.EqualTo("failed"), "a run its process died in is not shown as running");
            Assert.That(await VersionOfRunAsync(killedRun.Id), Is.Null, "the killed run registered no version");
        }
    }

    [Test]
    public async Task A_host_killed_during_promotions_restarts_with_one_Production_model_that_serves_from_whole_files()
    {
        const int kills = 4;
        var host = await HostProcess.StartAsync(Settings(trainingWorkers: 0));
        try
        {
            for (var round = 0; round < kills; round++)
            {
                using var admin = host.CreateClient();
                var (acknowledged, inFlight) = await KillDuringPromotionsAsync(host, admin);
                TestContext.Out.WriteLine($"round {round}: killed after {acknowledged} answered promotions with {inFlight} in flight");
                Assert.That(acknowledged, Is.Positive, $"round {round}: promotions were answered before the kill\n{host.Tail()}");
                Assert.That(inFlight, Is.Positive, $"round {round}: the kill landed while promotions were in flight");
                await host.DisposeAsync();

                host = await HostProcess.StartAsync(Settings(trainingWorkers: 0));
                using var restarted = host.CreateClient();
                var production = await ProductionVersionAsync();
                Assert.That(production, Is.AnyOf(first, second), $"round {round}");
                await AssertConsistentAsync(restarted, production, host);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Test]
    public async Task A_graceful_stop_during_a_retrain_exits_within_the_shutdown_timeout_and_the_retrain_runs_again_to_the_end()
    {
        string previous, jobId;
        await using (var host = await HostProcess.StartAsync(Settings(trainingWorkers: 1, longRetrain: true)))
        {
            using var admin = host.CreateClient();
            previous = await ProductionVersionAsync();
            jobId = await QueueRetrainAsync(admin, "network");
            await WaitForEpochAsync(host, admin, jobId);

            var took = await host.TerminateAsync(ShutdownTimeout + TimeSpan.FromSeconds(20));
            TestContext.Out.WriteLine($"exited {took.TotalSeconds:F1} s after SIGTERM (shutdown timeout {ShutdownTimeout.TotalSeconds:F0} s)");
            Assert.That(took, Is.LessThanOrEqualTo(ShutdownTimeout), $"exited {took.TotalSeconds:F1} s after SIGTERM\n{host.Tail()}");
            Assert.That(host.ExitCode, Is.Zero, host.Tail());
        }

        var (state, queued, stopped) = (await JobStateAsync(jobId), await IsQueuedForAnyWorkerAsync(jobId), await RunOfJobAsync(jobId));
        Assert.Multiple(() =>
        {
            Assert.That(state, Is.AnyOf("Enqueued", "Processing"), "Hangfire still owes the job");
            Assert.That(queued, Is.True, "the job was handed back to its queue, not left fetched by a stopped worker");
            Assert.That(stopped.Error, Is.EqualTo("cancelled"), "training observed the stop");
        });

        await using (var restarted = await HostProcess.StartAsync(Settings(trainingWorkers: 1)))
        {
            using var admin = restarted.CreateClient();
            var done = await WaitForJobAsync(restarted, admin, jobId);
            Assert.That((string?)done["state"], Is.EqualTo("Succeeded"), done.ToJsonString());
            Assert.That((string?)done["run_status"], Is.EqualTo("succeeded"));
            Assert.That((string?)done["version"], Is.Not.Null.And.Not.AnyOf(first, second));
            await AssertConsistentAsync(admin, expectedProduction: previous, restarted);
        }
    }

    /// <param name="longRetrain">
    /// A network retrain that takes minutes unless it is stopped (every hour an issue time, up to 1000 epochs), so a
    /// host that exits within the shutdown timeout shows that training observed the stop; otherwise the tiny networks of
    /// <see cref="DemoPlants"/> that train in seconds.
    /// </param>
    private Dictionary<string, string?> Settings(int trainingWorkers, bool longRetrain = false)
    {
        var settings = HostProcess.Defaults(database, models);
        foreach (var (key, value) in DemoPlants.Settings(models)) settings[key] = value;
        settings["Training:HorizonHours"] = "24";
        settings["Training:AutoPromote"] = "false";
        if (longRetrain)
        {
            settings["Training:SampleStrideHours"] = "1";
            settings["Training:MaxEpochs"] = "1000";
            settings["Training:Patience"] = "100";
        }

        settings["Hangfire:DefaultWorkers"] = "0";
        settings["Hangfire:TrainingWorkers"] = trainingWorkers.ToString();
        settings["HostOptions:ShutdownTimeout"] = ShutdownTimeout.ToString();
        return settings;
    }

    /// <summary>
    /// Several clients promote the two versions in turn until some promotions have been answered, then the host is
    /// killed at a random moment among them. Returns how many were answered and how many were still in flight.
    /// </summary>
    private async Task<(int Acknowledged, int InFlight)> KillDuringPromotionsAsync(HostProcess host, HttpClient admin)
    {
        var (acknowledged, inFlight) = (0, 0);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (var i = c; !stop.IsCancellationRequested; i++)
            {
                Interlocked.Increment(ref inFlight);
                try
                {
                    using var response = await admin.PostAsync($"/admin/model/solar/promote/{(i % 2 == 0 ? first : second)}?force=true", null, stop.Token);
                    Interlocked.Decrement(ref inFlight);
                    if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref acknowledged);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    return;
                }
            }
        })).ToList();

        var target = 3 + Random.Shared.Next(0, 20);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref acknowledged) < target && DateTime.UtcNow < deadline) await Task.Delay(1);
        var inFlightAtKill = Volatile.Read(ref inFlight);
        await host.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        return (Volatile.Read(ref acknowledged), inFlightAtKill);
    }

    /// <summary>
    /// Exactly one Production solar version, the expected one; every registered version has its whole folder; no
    /// half-written folder is left; and a forecast answers 200 from that version.
    /// </summary>
    private async Task AssertConsistentAsync(HttpClient admin, string expectedProduction, HostProcess host)
    {
        await using var conn = new NpgsqlConnection(database);
        var rows = (await conn.QueryAsync<(string Version, string Status)>(
            "SELECT version, status FROM training.model_versions WHERE model_type = 'solar'")).ToList();
        var solarFolder = Path.Combine(models, "solar");
        var folders = Directory.GetDirectories(solarFolder).Select(Path.GetFileName).ToList();

        var response = await admin.GetAsync($"/api/v1/sites/{SolarSiteId}/forecast?hours=24");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Where(r => r.Status == "production").Select(r => r.Version), Is.EqualTo(new[] { expectedProduction }));
            foreach (var (version, _) in rows)
                Assert.That(File.Exists(Path.Combine(solarFolder, version, "manifest.json")), Is.True, $"{version} is registered and whole on disk");
            Assert.That(folders.Where(f => f!.StartsWith('.')), Is.Empty, "no half-written model folder is left");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body + "\n" + host.Tail());
        });
        Assert.That((string?)JsonNode.Parse(body)!["model_version"], Is.EqualTo(expectedProduction), body);
    }

    private async Task WaitForHistoryAsync(HostProcess host)
    {
        await using var conn = new NpgsqlConnection(database);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var hours = await conn.ExecuteScalarAsync<long>("""
                SELECT (SELECT count(*) FROM collection.observations WHERE site_id = @SolarSiteId AND power_kw IS NOT NULL)
                     * sign((SELECT count(*) FROM collection.weather_forecasts WHERE site_id = @SolarSiteId))
                """, new { SolarSiteId });
            if (hours >= 24 * (DemoPlants.HistoryDays - 2)) return;
            await Task.Delay(1000);
        }

        Assert.Fail($"The start-up backfill stored no {DemoPlants.HistoryDays} days of solar history in 3 minutes.\n{host.Tail()}");
    }

    private static async Task<string> TrainAsync(HostProcess host, HttpClient admin, string family)
    {
        var jobId = await QueueRetrainAsync(admin, family);
        var done = await WaitForJobAsync(host, admin, jobId);
        Assert.That((string?)done["state"], Is.EqualTo("Succeeded"), done.ToJsonString() + "\n" + host.Tail());
        return (string)done["version"]!;
    }

    private static async Task<string> QueueRetrainAsync(HttpClient admin, string family)
    {
        var queued = await admin.PostAsJsonAsync("/admin/retrain", new { type = "solar", families = new[] { family } });
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await queued.Content.ReadAsStringAsync());
        return (string)(await queued.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!;
    }

    private static async Task PromoteAsync(HttpClient admin, string version)
    {
        var promoted = await admin.PostAsync($"/admin/model/solar/promote/{version}?force=true", null);
        Assert.That(promoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await promoted.Content.ReadAsStringAsync());
    }

    private static async Task<JsonObject> WaitForJobAsync(HostProcess host, HttpClient admin, string jobId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        JsonObject job;
        do
        {
            await Task.Delay(500);
            job = (await admin.GetFromJsonAsync<JsonObject>($"/admin/retrain/{jobId}"))!;
        }
        while ((string?)job["state"] is not ("Succeeded" or "Failed" or "Deleted") && DateTime.UtcNow < deadline);
        Assert.That((string?)job["state"], Is.AnyOf("Succeeded", "Failed", "Deleted"), $"job {jobId} did not finish in 4 minutes: {job.ToJsonString()}\n{host.Tail()}");
        return job;
    }

    /// <summary>Waits until the retrain has stored its first epoch: it is training now.</summary>
    private static async Task WaitForEpochAsync(HostProcess host, HttpClient admin, string jobId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var job = (await admin.GetFromJsonAsync<JsonObject>($"/admin/retrain/{jobId}"))!;
            if (job["progress"] is JsonObject) return;
            Assert.That((string?)job["state"], Is.Not.AnyOf("Succeeded", "Failed", "Deleted"), job.ToJsonString() + "\n" + host.Tail());
            await Task.Delay(100);
        }

        Assert.Fail($"Retrain {jobId} stored no epoch in 3 minutes.\n{host.Tail()}");
    }

    private async Task<string> ProductionVersionAsync()
    {
        await using var conn = new NpgsqlConnection(database);
        return await conn.QuerySingleAsync<string>("SELECT version FROM training.model_versions WHERE model_type = 'solar' AND status = 'production'");
    }

    private sealed record Run(long Id, string Status, string? Error);

    private async Task<Run> RunOfJobAsync(string jobId)
    {
        await using var conn = new NpgsqlConnection(database);
        return await conn.QuerySingleAsync<Run>(
            "SELECT id, status, error FROM training.training_runs WHERE job_id = @jobId ORDER BY id LIMIT 1", new { jobId });
    }

    private async Task<string?> VersionOfRunAsync(long runId)
    {
        await using var conn = new NpgsqlConnection(database);
        return await conn.QuerySingleOrDefaultAsync<string>("SELECT version FROM training.model_versions WHERE run_id = @runId", new { runId });
    }

    private async Task<string?> JobStateAsync(string jobId)
    {
        await using var conn = new NpgsqlConnection(database);
        return await conn.QuerySingleOrDefaultAsync<string>("SELECT statename FROM hangfire.job WHERE id = @id", new { id = long.Parse(jobId) });
    }

    /// <summary>Whether the job sits in its queue for any worker to fetch (not held by a worker that stopped).</summary>
    private async Task<bool> IsQueuedForAnyWorkerAsync(string jobId)
    {
        await using var conn = new NpgsqlConnection(database);
        return await conn.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM hangfire.jobqueue WHERE jobid = @id AND fetchedat IS NULL)", new { id = long.Parse(jobId) });
    }
}
