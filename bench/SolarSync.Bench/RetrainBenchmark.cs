using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Collection;
using SolarSync.Modules.Features;
using SolarSync.Modules.Models;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Monitoring;
using SolarSync.Modules.Prediction;
using SolarSync.Modules.Shared.Database;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Sites.Data;
using SolarSync.Modules.Sites;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Modules.Training.Trainers;
using SolarSync.Modules.Training;
using SolarSync.Modules.Validation;

namespace SolarSync.Bench;

/// <summary>
/// The weekly retrain at fleet size: N solar and M wind plants with two years of simulated hourly history each (a
/// fresh database), then the same retrain the weekly job runs, with the default settings, one plant type after the
/// other. A retrain trains every model family (Training:Families, default all) on the same split and selects one, so a
/// type's time is that of all its families. Prints each family's progress as the pipeline logs it (the networks' epochs
/// among it), then per type the time, the selected family and every family's validation RMSE (from the version's metrics
/// document in the registry), the test scores and the promotion, and the total against the 15-minute budget.
/// </summary>
internal static class RetrainBenchmark
{
    private const string DefaultDatabase = "solarsync_bench_retrain";
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync(string[] args)
    {
        var solarSites = int.Parse(BenchSupport.Option(args, "--solar", "5"), CultureInfo.InvariantCulture);
        var windSites = int.Parse(BenchSupport.Option(args, "--wind", "5"), CultureInfo.InvariantCulture);
        var days = int.Parse(BenchSupport.Option(args, "--days", "730"), CultureInfo.InvariantCulture);
        var database = BenchSupport.Option(args, "--database", DefaultDatabase);
        var root = BenchSupport.RepoRoot();
        var connection = await BenchSupport.FreshDatabaseAsync(database);
        // Another database gets a models folder of its own, so it never clobbers the default run's.
        var models = database == DefaultDatabase
            ? Path.Combine(root, ".local", "bench", "retrain-models")
            : Path.Combine(root, ".local", "bench", database, "retrain-models");
        if (Directory.Exists(models)) Directory.Delete(models, recursive: true);

        var progressLog = new RetrainProgressLog();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connection,
            ["Database:MigrationsPath"] = Path.Combine(root, "db"),
            ["Models:Path"] = models,
            ["Training:HistoryDays"] = days.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        // The pipeline's information entries (each family's progress) reach this bench's own printer, no other logger.
        builder.Logging.AddProvider(progressLog);
        builder.Logging.AddFilter<RetrainProgressLog>(RetrainProgressLog.Category, LogLevel.Information);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSolarSyncDatabase();
        builder.AddMonitoringModule();
        builder.AddSitesModule();
        builder.AddCollectionModule();
        builder.AddValidationModule();
        builder.AddFeaturesModule();
        builder.AddModelsModule();
        builder.AddPredictionModule();  // the retrain may start an experiment with its Candidate (Training:PromoteVia)
        builder.AddTrainingModule();
        using var host = builder.Build();
        var services = host.Services;
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        var families = services.GetRequiredService<IOptions<TrainingOptions>>().Value.Families;
        Console.WriteLine($"retrain benchmark: {solarSites} solar + {windSites} wind plants x {days} days of hourly history, " +
            $"{Environment.ProcessorCount} cores, default Training settings (families: {(families.Length > 0 ? string.Join(", ", families) : "all")}), database {database}");
        var clock = Stopwatch.StartNew();
        await SeedAsync(services, solarSites, windSites, days);
        Console.WriteLine($"  history stored in {clock.Elapsed.TotalSeconds:F0} s (not part of the retrain)");

        var registry = services.GetRequiredService<ModelRegistry>();
        var total = TimeSpan.Zero;
        foreach (var type in new[] { PlantType.Solar, PlantType.Wind })
        {
            if ((type == PlantType.Solar ? solarSites : windSites) == 0) continue;
            var typeName = type.ToDbName();
            var pipeline = services.GetRequiredService<RetrainPipeline>();
            var watch = Stopwatch.StartNew();
            var epochs = new Dictionary<string, int>();
            progressLog.Start(typeName, watch);
            // Reported right after the pipeline logged the same epoch, so the log knows the family it belongs to.
            var progress = new InlineProgress<EpochReport>(e =>
            {
                var family = progressLog.CurrentFamily ?? "network";
                epochs[family] = e.Epoch;
                Console.WriteLine($"    {typeName} {family} epoch {e.Epoch,2}: train {e.TrainLoss:F5} validation {e.ValidationLoss:F5} ({e.Elapsed.TotalSeconds:F0} s)");
            });
            var result = await pipeline.RunAsync(type, null, "bench", progress, CancellationToken.None);
            watch.Stop();
            total += watch.Elapsed;

            var registered = result.Version is { } v ? await registry.FindAsync(typeName, v, CancellationToken.None) : null;
            var (selected, rmse) = FamilyScores(registered?.MetricsJson);
            Console.WriteLine($"  {typeName,-5}: {watch.Elapsed.TotalMinutes:F1} min for {rmse.Count} families ({string.Join(", ", rmse.Keys)}), version {result.Version}; " +
                $"selected {selected ?? "?"}");
            Console.WriteLine("         validation RMSE (share of capacity): " +
                string.Join(", ", rmse.Select(f => $"{f.Key} {f.Value:F4}{(f.Key == selected ? " (selected)" : "")}")) +
                (epochs.Count > 0 ? "; epochs " + string.Join(", ", epochs.Select(e => $"{e.Key} {e.Value}")) : ""));
            Console.WriteLine($"         test MAE {result.Verdict.CandidateMae:F4} vs smart persistence {result.Verdict.SmartPersistenceMae:F4} (share of capacity); " +
                $"{(result.Promoted ? "promoted" : "not promoted: " + result.Verdict.Reason)}");
        }

        var ok = total <= Budget;
        Console.WriteLine($"weekly retrain total (all families): {total.TotalMinutes:F1} min (budget {Budget.TotalMinutes:F0} min, ratio {total / Budget:F2}) {(ok ? "✓" : "✗")}");
        return 0;
    }

    /// <summary>The selected family and each family's validation RMSE, lowest first, from the retrain's metrics document (RetrainPipeline.MetricsDocument).</summary>
    private static (string? Selected, Dictionary<string, double> Rmse) FamilyScores(string? metricsJson)
    {
        var rmse = new Dictionary<string, double>();
        if (metricsJson is null || JsonNode.Parse(metricsJson) is not JsonObject metrics) return (null, rmse);
        if (metrics["families"] is JsonObject families)
        {
            foreach (var (name, scores) in families)
                rmse[name] = scores?["validation_rmse"]?.GetValue<double>() ?? double.NaN;
        }

        // Best first (the document's key order is jsonb's, not the training order).
        return ((string?)metrics["family"], rmse.OrderBy(f => double.IsNaN(f.Value) ? double.PositiveInfinity : f.Value).ToDictionary());
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

/// <summary>
/// Prints the retrain pipeline's information entries as they come (the families' progress: rows and best round of the
/// trees, each network's best epoch, every family's validation RMSE, the selection), indented, with the time since the
/// type's retrain started. Epoch entries ("[family] epoch n: …") are not printed: they only tell which family the
/// epoch the bench's progress reports next belongs to (<see cref="CurrentFamily"/>).
/// </summary>
internal sealed partial class RetrainProgressLog : ILoggerProvider
{
    public static readonly string Category = typeof(RetrainPipeline).FullName!;

    private readonly Lock gate = new();
    private Stopwatch? watch;
    private string type = "";

    /// <summary>The family of the latest epoch the pipeline logged; null before the first.</summary>
    public string? CurrentFamily { get; private set; }

    public void Start(string typeName, Stopwatch typeWatch)
    {
        lock (gate) (type, watch, CurrentFamily) = (typeName, typeWatch, null);
    }

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Printer(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private void Write(string message)
    {
        lock (gate)
        {
            if (EpochLine().Match(message) is { Success: true } epoch)
            {
                CurrentFamily = epoch.Groups["family"].Value;
                return;
            }

            var at = watch?.Elapsed.TotalSeconds ?? 0;
            Console.WriteLine($"    {type} {at,5:F0} s  {message.Trim()}");
        }
    }

    [GeneratedRegex(@"^\s*\[(?<family>[^\]]+)\] epoch ")]
    private static partial Regex EpochLine();

    private sealed class Printer(RetrainProgressLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Write(formatter(state, exception));
        }
    }
}
