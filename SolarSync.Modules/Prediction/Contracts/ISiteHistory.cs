using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Contracts;

/// <summary>Which archived forecast of an hour a history shows: the one a plant would have traded or planned on.</summary>
public enum ForecastLead
{
    /// <summary>The latest forecast issued at least 24 h before the hour.</summary>
    DayAhead,

    /// <summary>The latest forecast issued at least 6 h before the hour.</summary>
    SixHours,

    /// <summary>
    /// The latest forecast issued at or before the hour's start (lead ≥ 0 h: a forecast's first point, horizon 1 h, is
    /// the hour it is issued in).
    /// </summary>
    Latest,
}

/// <summary>
/// One hour of a site's history: what was observed (the believed source of each value, kW and weather) next to the
/// archived forecast of the chosen lead. Null where nothing was stored or archived.
/// </summary>
/// <param name="QualityFlags">Soft-rule flags of the hour's stored rows (snake_case names), empty when clean.</param>
/// <param name="IssuedAt">Issue hour of the forecast shown; <see cref="LeadHours"/> = hours from it to this hour.</param>
/// <param name="LeadHours">Hours from <see cref="IssuedAt"/> to this hour (the forecast's point index; its horizon is one more).</param>
/// <param name="ModelVersion">The model version that made the forecast shown ("physical" for the stand-in).</param>
public sealed record HistoryHour(
    DateTimeOffset Timestamp,
    double? ObservedKw,
    double? GhiWm2,
    double? TempC,
    double? WindSpeedHubMs,
    IReadOnlyList<string> QualityFlags,
    bool Imputed,
    double? P50,
    double? P10,
    double? P90,
    DateTimeOffset? IssuedAt,
    int? LeadHours,
    string? ModelVersion);

/// <summary>A site's observed hours next to its archived forecasts (the history API, its CSV export and the console).</summary>
public interface ISiteHistory
{
    /// <summary>
    /// Every hour in [from, to) (whole UTC hours), oldest first, streamed: read a day at a time, so memory does not grow
    /// with the range. Where several model versions were issued in the chosen hour, the longest forecast is shown, then
    /// the most recently generated.
    /// </summary>
    IAsyncEnumerable<HistoryHour> ReadAsync(Site site, DateTimeOffset from, DateTimeOffset to, ForecastLead lead, CancellationToken ct);
}
