using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Domain;

/// <summary>One forecast hour: the UTC start of the hour and the median and 80 % interval of its mean output, kW.</summary>
internal sealed record ForecastPoint(DateTimeOffset Timestamp, double P50, double P10, double P90);

/// <summary>
/// Where a forecast's inputs came from (docs/architecture.md §6). <see cref="HistoricalContext"/>: "observed" when the model read
/// the site's stored last 48 h, "missing" when too little history was stored and the physical model stood in.
/// <see cref="WeatherIssuedAt"/> is the issue time of the stored weather forecast used, null when none was stored
/// and clear-sky/climatology stood in. <see cref="Cache"/>: "hit", "miss" or "bypass" (cache unavailable).
/// </summary>
internal sealed record ForecastMetadata(string HistoricalContext, DateTimeOffset? WeatherIssuedAt, string Cache, int HistoryHours);

/// <summary>
/// One issued forecast of a site. <see cref="IssuedAt"/> is the issue hour: the UTC start of the first point, which is
/// the hour the forecast was made in; point i is horizon hour i + 1. <see cref="ModelTestNmaePct"/> is the nMAE the
/// model version scored on its test split (null for the physical stand-in); realized accuracy is compared with it.
/// <see cref="ModelFamily"/> is the served model's family (gbm, network, network-residual, ensemble) or "physical".
/// </summary>
internal sealed record SiteForecast(
    Site Site,
    string ModelVersion,
    DateTimeOffset IssuedAt,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ForecastPoint> Points,
    ForecastMetadata Metadata,
    double? ModelTestNmaePct)
{
    public string ModelFamily { get; init; } = "physical";
}
