using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.ImportObservations;

/// <summary>Kills the import command mid-file, re-runs it, and counts: every row exactly once.</summary>
[NonParallelizable]
public sealed class InterruptedImportTests
{
    private const int Hours = 5 * 8760;

    [Test]
    public async Task Killing_an_import_midway_and_running_it_again_stores_every_row_exactly_once()
    {
        long siteId;
        await using (var app = await SolarSyncApp.StartAsync())
        {
            await app.ResetAsync();
            using var admin = app.CreateClient(SolarSyncApp.AdminKey);
            var created = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Kill PV", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 500 });
            siteId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        }
        var file = WriteEvalFile(siteId);
        try
        {
            using (var first = StartImport(siteId, file))
            {
                await WaitUntil(async () => await StoredRows(siteId) > 0 || first.HasExited, TimeSpan.FromSeconds(60));
                if (first.HasExited)
                    Assert.Fail($"the import ended (exit {first.ExitCode}) before it could be interrupted: "
                        + await first.StandardOutput.ReadToEndAsync() + await first.StandardError.ReadToEndAsync());
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }
            var afterKill = await StoredRows(siteId);

            using (var second = StartImport(siteId, file))
            {
                await second.WaitForExitAsync();
                Assert.That(second.ExitCode, Is.Zero, await second.StandardOutput.ReadToEndAsync() + await second.StandardError.ReadToEndAsync());
            }

            await using var conn = new NpgsqlConnection(TestServices.Postgres);
            var distinctHours = await conn.ExecuteScalarAsync<long>(
                "SELECT count(DISTINCT ts) FROM collection.observations WHERE site_id = @siteId", new { siteId });
            Assert.Multiple(async () =>
            {
                Assert.That(afterKill, Is.InRange(1, Hours - 1), "the first run was interrupted midway");
                Assert.That(await StoredRows(siteId), Is.EqualTo(Hours));
                Assert.That(distinctHours, Is.EqualTo(Hours));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string WriteEvalFile(long siteId)
    {
        var site = new Site(siteId, "Kill PV", PlantType.Solar, 39.74, -105.18, 500, 30, 180, null, null, "UTC", false, DateTimeOffset.UnixEpoch);
        var start = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var path = Path.Combine(Path.GetTempPath(), $"solarsync-kill-{Guid.NewGuid():N}.csv");
        EvaluationCsvFile.WriteSimulated(path, site, start, Hours, seed: 5);
        return path;
    }

    /// <summary>The host's own build output (same configuration as these tests) run as a separate process.</summary>
    private static Process StartImport(long siteId, string file)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var hostDll = Path.Combine(TestServices.RepoRoot, "SolarSync.Host", "bin", configuration, "net10.0", "SolarSync.Host.dll");
        var start = new ProcessStartInfo("dotnet", [hostDll, "import", "--format", "eval", "--site", siteId.ToString(CultureInfo.InvariantCulture), file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
        };
        start.Environment["ConnectionStrings__Postgres"] = TestServices.Postgres;
        start.Environment["ConnectionStrings__Redis"] = "";
        start.Environment["Devices__Mqtt__Host"] = "";
        // Small batches (one commit a week of hours) so the kill lands between commits.
        start.Environment["Collection__IngestBatchSize"] = "168";
        return Process.Start(start)!;
    }

    private static async Task<long> StoredRows(long siteId)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM collection.observations WHERE site_id = @siteId", new { siteId });
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition() && DateTime.UtcNow < deadline) await Task.Delay(50);
    }
}
