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
}
