using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Collection.CollectForecasts;
using SolarSync.Modules.Collection.CollectHistory;

namespace SolarSync.Tests.Infrastructure;

/// <summary>
/// Hosts with the two demo plants, 60 days of their simulated history and tiny networks that train in seconds: the
/// set-up of the retrain and forecast tests.
/// </summary>
internal static class DemoPlants
{
    public const int HistoryDays = 60;

    /// <summary>Settings for a host that seeds the demo plants and trains tiny models into <paramref name="modelsRoot"/>.</summary>
    public static Dictionary<string, string?> Settings(string modelsRoot) => new()
    {
        ["Sites:SeedDemoSites"] = "true",
        ["Collection:InitialHistoryDays"] = HistoryDays.ToString(),
        ["Models:Path"] = modelsRoot,
        ["Training:HistoryDays"] = HistoryDays.ToString(),
        ["Training:SampleStrideHours"] = "7",
        ["Training:HiddenSize"] = "8",
        ["Training:Layers"] = "1",
        ["Training:MaxEpochs"] = "2",
        ["Training:Patience"] = "1",
        ["Training:Threads"] = "1",
    };

    public static string NewModelsRoot() => Path.Combine(Path.GetTempPath(), "solarsync-models-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Empties what an earlier fixture left, so the demo plants are seeded afresh as sites 1 and 2.</summary>
    public static async Task EmptyDatabaseAsync()
    {
        await TestServices.EnsureDatabaseAsync();
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.ExecuteAsync("""
            DO $$ BEGIN IF to_regclass('sites.sites') IS NOT NULL THEN
                TRUNCATE sites.sites, collection.observations, collection.weather_forecasts, training.model_versions,
                         training.training_runs RESTART IDENTITY CASCADE;
            END IF; END $$;
            """);
    }

    /// <summary>Stores the simulated history, and optionally the simulated weather forecast, of the demo plants.</summary>
    public static async Task CollectAsync(SolarSyncApp app, bool weatherForecast)
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<CollectHistoryJob>().RunAsync(null, CancellationToken.None);
        if (weatherForecast) await scope.ServiceProvider.GetRequiredService<CollectForecastsJob>().RunAsync(CancellationToken.None);
    }
}

/// <summary>
/// A started host of the demo plants (the site list not cached, nothing collected yet) with admin and reader clients
/// and a models folder of its own, which disposing deletes.
/// </summary>
internal sealed class DemoHost : IAsyncDisposable
{
    private readonly string modelsRoot;

    private DemoHost(SolarSyncApp app, string modelsRoot)
    {
        (App, this.modelsRoot) = (app, modelsRoot);
        Admin = app.CreateClient(SolarSyncApp.AdminKey);
        Reader = app.CreateClient(SolarSyncApp.ReaderKey);
    }

    public SolarSyncApp App { get; }
    public HttpClient Admin { get; }
    public HttpClient Reader { get; }

    public static async Task<DemoHost> StartAsync()
    {
        var modelsRoot = DemoPlants.NewModelsRoot();
        await DemoPlants.EmptyDatabaseAsync();
        var settings = DemoPlants.Settings(modelsRoot);
        settings["Prediction:SiteListSeconds"] = "0";
        return new DemoHost(await SolarSyncApp.StartAsync(settings), modelsRoot);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Reader.Dispose();
        await App.DisposeAsync();
        if (Directory.Exists(modelsRoot)) Directory.Delete(modelsRoot, recursive: true);
    }
}
