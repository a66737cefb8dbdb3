namespace SolarSync.Modules.Validation.Contracts;

/// <summary>
/// The data quality of one site on one UTC day over all its sources: each factor and the score (0–1) weighted by the
/// rows each source delivered that day (accepted, rejected and imputed), as the quality report sums them.
/// </summary>
public sealed record SiteDayQuality(long SiteId, DateOnly Day, double Score, double Completeness, double Validity, double Consistency, int TotalRows);

/// <summary>How other modules read the stored per-site-day quality (data_quality_daily).</summary>
public interface IDailyQualityReader
{
    /// <summary>The site-days in [<paramref name="from"/>, <paramref name="to"/>] (UTC days, both included) that have a score; of every site when <paramref name="siteId"/> is null.</summary>
    Task<IReadOnlyList<SiteDayQuality>> ReadAsync(long? siteId, DateOnly from, DateOnly to, CancellationToken ct);
}
