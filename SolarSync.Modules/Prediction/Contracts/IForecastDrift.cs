namespace SolarSync.Modules.Prediction.Contracts;

/// <summary>A site whose forecasts drifted: the last evaluated day and that day's realized nMAE against the models' test nMAE (%).</summary>
public sealed record SiteDrift(long SiteId, DateOnly LastDay, double NmaePct, double ModelTestNmaePct);

/// <summary>How other modules read the drift alarm of the daily forecast evaluation (from its stored days, not memory).</summary>
public interface IForecastDrift
{
    /// <summary>
    /// The sites whose realized daily nMAE exceeded Prediction:DriftFactor × the models' test nMAE on each of the three
    /// days ending with their last evaluated day; a site not evaluated within the last week is not drifting.
    /// </summary>
    Task<IReadOnlyList<SiteDrift>> DriftingSitesAsync(DateOnly today, CancellationToken ct);
}
