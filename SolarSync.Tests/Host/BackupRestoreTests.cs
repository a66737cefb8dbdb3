using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// scripts/backup.sh and scripts/restore.sh on real PostgreSQL: a running host with the demo plants and a Production
/// model is backed up, restored into an empty database and an empty model folder, and a second host on them serves the
/// same forecast from the same model version. Both hosts share one fixed clock, so they issue the same hour.
/// </summary>
[NonParallelizable]
public sealed class BackupRestoreTests
{
    private string work = null!;

    [SetUp]
    public void MakeWorkFolder() => Directory.CreateDirectory(work = Path.Combine(Path.GetTempPath(), "solarsync-backup-test-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void RemoveWorkFolder() => Directory.Delete(work, recursive: true);

    [Test]
    public async Task A_restored_backup_serves_the_same_forecast_from_the_same_model_version()
    {
        var (source, target) = (await TestServices.FreshDatabaseAsync("backup_source"), await TestServices.FreshDatabaseAsync("backup_target"));
        var (sourceModels, restoredModels, backups) = (Path.Combine(work, "models"), Path.Combine(work, "restored-models"), Path.Combine(work, "backups"));
        var clock = new FixedClock(DateTimeOffset.UtcNow);

        JsonObject served;
        await using (var app = await SolarSyncApp.StartAsync(Settings(source, sourceModels, seedDemo: true), s => s.AddSingleton<TimeProvider>(clock)))
        {
            await DemoPlants.CollectAsync(app, weatherForecast: true);
            using var admin = app.CreateClient(SolarSyncApp.AdminKey);
            var version = await TrainAndPromoteSolarAsync(admin);
            served = await SolarForecastAsync(admin);
            Assert.That((string?)served["model_version"], Is.EqualTo(version));

            var backup = Run("backup.sh", [backups], source, sourceModels);
            Assert.That(backup.ExitCode, Is.Zero, backup.Output);
            Assert.That(backup.Output, Does.Contain("backup: wrote").And.Contain("database.dump").And.Contain("models.tar.gz"));
        }

        var folder = Directory.GetDirectories(backups).Single();
        var restore = Run("restore.sh", [folder], target, restoredModels);
        Assert.That(restore.ExitCode, Is.Zero, restore.Output);

        await using (var restored = await SolarSyncApp.StartAsync(Settings(target, restoredModels, seedDemo: false), s => s.AddSingleton<TimeProvider>(clock)))
        {
            using var admin = restored.CreateClient(SolarSyncApp.AdminKey);
            var again = await SolarForecastAsync(admin);

            Assert.Multiple(() =>
            {
                Assert.That((string?)again["model_version"], Is.EqualTo((string?)served["model_version"]));
                Assert.That((string?)again["issued_at"], Is.EqualTo((string?)served["issued_at"]));
                Assert.That((string?)again["metadata"]!["historical_context"], Is.EqualTo("observed"));
                Assert.That((string?)again["metadata"]!["weather_issued_at"], Is.EqualTo((string?)served["metadata"]!["weather_issued_at"]));
                Assert.That(again["points"]!.ToJsonString(), Is.EqualTo(served["points"]!.ToJsonString()));
            });
        }

        var overRestored = Run("restore.sh", [folder], target, restoredModels);
        Assert.That(overRestored.ExitCode, Is.Not.Zero, "a database that is not empty is refused");
        Assert.That(overRestored.Output, Does.Contain("not empty").And.Contain("--force"));
    }

    [Test]
    public async Task A_backup_keeps_the_newest_n_and_a_failed_one_leaves_nothing_behind()
    {
        var database = await TestServices.FreshDatabaseAsync("backup_keep");
        var (models, backups) = (Path.Combine(work, "models"), Path.Combine(work, "backups"));
        Directory.CreateDirectory(Path.Combine(models, "solar", "20260101T000000Z"));
        await File.WriteAllTextAsync(Path.Combine(models, "solar", "20260101T000000Z", "weights.bin"), "weights");
        string[] before = ["20010101T000000Z", "20020101T000000Z", "20030101T000000Z", "not-a-backup"];
        foreach (var old in before) Directory.CreateDirectory(Path.Combine(backups, old));

        var kept = Run("backup.sh", [backups], database, models, keep: 2);
        Assert.That(kept.ExitCode, Is.Zero, kept.Output);
        var newest = Directory.GetDirectories(backups).Select(Path.GetFileName).Except(before).Single()!;
        Assert.That(newest, Does.Match("^[0-9]{8}T[0-9]{6}Z$"));
        Assert.That(Directory.GetDirectories(backups).Select(Path.GetFileName), Is.EquivalentTo(new[] { "20030101T000000Z", newest, "not-a-backup" }),
            "the newest 2 backups; a folder the script did not name is left alone");
        Assert.That(Directory.GetFiles(Path.Combine(backups, newest)).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "database.dump", "models.tar.gz", "manifest.txt", "SHA256SUMS" }));

        var unreachable = new NpgsqlConnectionStringBuilder(database) { Port = TestServices.FreeLoopbackPort() }.ConnectionString;
        var failed = Run("backup.sh", [backups], unreachable, models, keep: 2);
        Assert.That(failed.ExitCode, Is.Not.Zero, failed.Output);
        Assert.That(Directory.GetFileSystemEntries(backups).Select(Path.GetFileName), Is.EquivalentTo(new[] { "20030101T000000Z", newest, "not-a-backup" }),
            "no partial folder, no backup pruned");
    }

    private static Dictionary<string, string?> Settings(string database, string models, bool seedDemo)
    {
        var settings = DemoPlants.Settings(models);
        settings["ConnectionStrings:Postgres"] = database;
        settings["Sites:SeedDemoSites"] = seedDemo ? "true" : "false";
        settings["Hangfire:TrainingWorkers"] = seedDemo ? "1" : "0";
        settings["Training:AutoPromote"] = "false";
        settings["Training:HorizonHours"] = "24";
        // Both hosts share Redis: the restored one must compute its forecast, not read the first one's.
        settings["Prediction:CacheEnabled"] = "false";
        return settings;
    }

    /// <summary>A retrain of the solar model through the admin API (Hangfire's training queue), promoted by force.</summary>
    private static async Task<string> TrainAndPromoteSolarAsync(HttpClient admin)
    {
        var queued = await admin.PostAsJsonAsync("/admin/retrain", new { type = "solar" });
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await queued.Content.ReadAsStringAsync());
        var status = (string)(await queued.Content.ReadFromJsonAsync<JsonObject>())!["status_url"]!;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        JsonObject job;
        do
        {
            await Task.Delay(500);
            job = (await admin.GetFromJsonAsync<JsonObject>(status))!;
        }
        while ((string?)job["state"] is not ("Succeeded" or "Failed" or "Deleted") && DateTime.UtcNow < deadline);
        Assert.That((string?)job["state"], Is.EqualTo("Succeeded"), job.ToJsonString());

        var version = (string)job["version"]!;
        var promoted = await admin.PostAsync($"/admin/model/solar/promote/{version}?force=true", null);
        Assert.That(promoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await promoted.Content.ReadAsStringAsync());
        return version;
    }

    private static async Task<JsonObject> SolarForecastAsync(HttpClient client)
    {
        var sites = (await client.GetFromJsonAsync<JsonArray>("/api/v1/sites"))!;
        var solar = (long)sites.Single(s => (string?)s!["type"] == "solar")!["id"]!;
        var response = await client.GetAsync($"/api/v1/sites/{solar}/forecast?hours=24");
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Runs scripts/&lt;script&gt; with the service's settings in its environment, as an operator would.</summary>
    private static (int ExitCode, string Output) Run(string script, string[] args, string database, string models, int? keep = null)
    {
        var start = new ProcessStartInfo(Path.Combine(TestServices.RepoRoot, "scripts", script), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Postgres"] = database,
                ["Training__ModelsPath"] = models,
                ["SOLARSYNC_BACKUP_DIR"] = null,
                ["SOLARSYNC_BACKUP_KEEP"] = keep?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} did not finish within 2 minutes.");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
