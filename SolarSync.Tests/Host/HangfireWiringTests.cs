using Dapper;
using Npgsql;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>The one test that runs a real Hangfire server: start-up backfill through the queue, recurring jobs registered.</summary>
[NonParallelizable]
public sealed class HangfireWiringTests
{
    private const int DemoSites = 3;  // solar, wind and load

    [Test]
    public async Task A_demo_host_backfills_history_and_forecasts_through_hangfire_and_registers_the_recurring_jobs()
    {
        await using (var clean = await SolarSyncApp.StartAsync())
            await clean.ResetAsync();

        await using var app = await SolarSyncApp.StartAsync(new Dictionary<string, string?>
        {
            ["Hangfire:DefaultWorkers"] = "1",
            ["Sites:SeedDemoSites"] = "true",
            ["Collection:BackfillAtStartup"] = "true",
            ["Collection:InitialHistoryDays"] = "3",
        });

        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        long history = 0, forecasts = 0;
        while (DateTime.UtcNow < deadline && (history < DemoSites * 3 * 24 || forecasts < DemoSites * 7 * 24))
        {
            await Task.Delay(500);
            history = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM collection.observations WHERE source = 'simulated'");
            forecasts = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM collection.weather_forecasts");
        }
        var recurring = (await conn.QueryAsync<string>("SELECT value FROM hangfire.set WHERE key = 'recurring-jobs'")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(history, Is.GreaterThanOrEqualTo(DemoSites * 3 * 24), "3 days of hourly history for each demo site (solar, wind, load)");
            Assert.That(forecasts, Is.EqualTo(DemoSites * 7 * 24), "a week of hourly forecast for each demo site");
            Assert.That(recurring, Is.SupersetOf(new[] { "collection:forecasts", "collection:history" }));
        });
    }
}
