using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolarSync.Modules.Collection;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Features;
using SolarSync.Modules.Monitoring;
using SolarSync.Modules.Shared.Database;
using SolarSync.Modules.Sites;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Sites.Data;
using SolarSync.Modules.Training;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Modules.Validation;

namespace SolarSync.Bench;

/// <summary>
/// The weekly retrain at fleet size: N solar and M wind plants with two years of simulated hourly history each (a
/// fresh database), then the same retrain the weekly job runs, with the default settings, one plant type after the other.
/// Prints the time and the test scores of each model, and the total against the 15-minute budget.
/// </summary>
internal static class RetrainBenchmark
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync(string[] args)
    {
        var solarSites = int.Parse(BenchSupport.Option(args, "--solar", "5"));
        var windSites = int.Parse(BenchSupport.Option(args, "--wind", "5"));
        var days = int.Parse(BenchSupport.Option(args, "--days", "730"));
        var root = BenchSupport.RepoRoot();
        var connection = await BenchSupport.FreshDatabaseAsync("solarsync_bench_retrain");
        var models = Path.Combine(root, ".local", "bench", "retrain-models");
        if (Directory.Exists(models)) Directory.Delete(models, recursive: true);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connection,
            ["Database:MigrationsPath"] = Path.Combine(root, "db"),
            ["Training:ModelsPath"] = models,
            ["Training:HistoryDays"] = days.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSolarSyncDatabase();
        builder.AddMonitoringModule();
        builder.AddSitesModule();
        builder.AddCollectionModule();
        builder.AddValidationModule();
        builder.AddFeaturesModule();
        builder.AddTrainingModule();
        using var host = builder.Build();
        var services = host.Services;
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        Console.WriteLine($"retrain benchmark: {solarSites} solar + {windSites} wind plants x {days} days of hourly history, " +
            $"{Environment.ProcessorCount} cores, default Training settings");
        var clock = Stopwatch.StartNew();
        await SeedAsync(services, solarSites, windSites, days);
        Console.WriteLine($"  history stored in {clock.Elapsed.TotalSeconds:F0} s (not part of the retrain)");

        var total = TimeSpan.Zero;
        foreach (var type in new[] { PlantType.Solar, PlantType.Wind })
        {
            if ((type == PlantType.Solar ? solarSites : windSites) == 0) continue;
            var pipeline = services.GetRequiredService<RetrainPipeline>();
            var watch = Stopwatch.StartNew();
            var epochs = 0;
            var progress = new InlineProgress<SolarSync.Modules.Training.Models.EpochReport>(e =>
            {
                epochs = e.Epoch;
                Console.WriteLine($"    {type.ToDbName()} epoch {e.Epoch,2}: train {e.TrainLoss:F5} validation {e.ValidationLoss:F5} ({e.Elapsed.TotalSeconds:F0} s)");
            });
            var result = await pipeline.RunAsync(type, null, "bench", progress, CancellationToken.None);
            watch.Stop();
            total += watch.Elapsed;
            Console.WriteLine($"  {type.ToDbName(),-5}: {watch.Elapsed.TotalMinutes:F1} min, {epochs} epochs, version {result.Version}; " +
                $"test MAE {result.Verdict.CandidateMae:F4} vs smart persistence {result.Verdict.SmartPersistenceMae:F4} (share of capacity); " +
                $"{(result.Promoted ? "promoted" : "not promoted: " + result.Verdict.Reason)}");
        }

        var ok = total <= Budget;
        Console.WriteLine($"weekly retrain total: {total.TotalMinutes:F1} min (budget {Budget.TotalMinutes:F0} min, ratio {total / Budget:F2}) {(ok ? "✓" : "✗")}");
        return 0;
    }

    private static async Task SeedAsync(IServiceProvider services, int solarSites, int windSites, int days)
    {
        var sites = services.GetRequiredService<SiteRepository>();
        var observations = services.GetRequiredService<ObservationRepository>();
        var until = DateTimeOffset.UtcNow;
        until = new DateTimeOffset(until.Year, until.Month, until.Day, until.Hour, 0, 0, TimeSpan.Zero);
        var from = until.AddDays(-days);
        var random = new Random(7);
        for (var i = 0; i < solarSites + windSites; i++)
        {
            var solar = i < solarSites;
            // Spread over mid-latitudes so the fleet sees different climates and day lengths.
            var latitude = 30 + random.NextDouble() * 25;
            var longitude = -120 + random.NextDouble() * 140;
            var site = await sites.TryAddAsync(new NewSite($"bench {(solar ? "solar" : "wind")} {i}", solar ? PlantType.Solar : PlantType.Wind,
                latitude, longitude, solar ? 500 + 100 * i : 2000 + 100 * i, solar ? 25 : null, solar ? 180 : null, solar ? null : 90,
                null, "UTC", IsDemo: true, ElevationM: 200), CancellationToken.None) ?? throw new InvalidOperationException("Site name taken.");
            foreach (var chunk in SimulatedSource.Generate(site, from, until, seed: 2026).Chunk(50_000))
                await observations.UpsertAsync(chunk, CancellationToken.None);
        }
    }
}
