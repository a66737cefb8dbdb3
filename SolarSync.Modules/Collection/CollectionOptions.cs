using System.ComponentModel.DataAnnotations;
using SolarSync.Modules.Shared.Options;

namespace SolarSync.Modules.Collection;

internal sealed class CollectionOptions
{
    public const string Section = "Collection";

    /// <summary>When the weather forecast of every site is fetched (hourly, a few minutes past the hour).</summary>
    [Cron, Display(Name = "Collection:ForecastsCron")]
    public string ForecastsCron { get; init; } = "5 * * * *";

    /// <summary>When history is backfilled up to yesterday (daily).</summary>
    [Cron, Display(Name = "Collection:HistoryCron")]
    public string HistoryCron { get; init; } = "30 1 * * *";

    /// <summary>How far back the first history run of a new site reaches.</summary>
    [Range(1, 3650, ErrorMessage = "Collection:InitialHistoryDays must be between 1 and 3650.")]
    public int InitialHistoryDays { get; init; } = 730;

    /// <summary>Days NASA POWER takes to publish an hour; history is collected up to this many days ago.</summary>
    [Range(0, 90, ErrorMessage = "Collection:NasaPowerLatencyDays must be between 0 and 90.")]
    public int NasaPowerLatencyDays { get; init; } = 7;

    /// <summary>Seed of the simulated source that gives demo sites their history.</summary>
    public int SimulationSeed { get; init; } = 2026;

    /// <summary>Enqueues a history run at start-up (the demo uses it to have a year of history at once).</summary>
    public bool BackfillAtStartup { get; init; }

    /// <summary>Largest CSV file POST /admin/import accepts.</summary>
    [Range(1, 4096, ErrorMessage = "Collection:MaxImportMegabytes must be between 1 and 4096.")]
    public int MaxImportMegabytes { get; init; } = 512;

    /// <summary>Rows validated and written per transaction (batches are cut at UTC midnight once this is reached).</summary>
    [Range(24, 1_000_000, ErrorMessage = "Collection:IngestBatchSize must be between 24 and 1000000.")]
    public int IngestBatchSize { get; init; } = 20_000;
}
