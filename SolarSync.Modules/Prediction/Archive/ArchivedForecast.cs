using SolarSync.Modules.Prediction.Domain;

namespace SolarSync.Modules.Prediction.Archive;

/// <summary>
/// One archived forecast: point i (0-based) is the hour <see cref="IssuedAt"/> + i h, horizon hour i + 1; the three
/// arrays have <see cref="HorizonHours"/> elements, kW. <see cref="ModelType"/> is the plant type ("solar"|"wind").
/// </summary>
internal sealed record ArchivedForecast(
    long SiteId,
    string ModelVersion,
    DateTimeOffset IssuedAt,
    DateTimeOffset GeneratedAt,
    string ModelType,
    double[] P50,
    double[] P10,
    double[] P90,
    double? ModelTestNmaePct,
    string HistoricalContext,
    int HistoryHours,
    DateTimeOffset? WeatherIssuedAt)
{
    public int HorizonHours => P50.Length;

    public DateTimeOffset TargetHour(int index) => IssuedAt.AddHours(index);

    public IReadOnlyList<ForecastPoint> Points() =>
        Enumerable.Range(0, HorizonHours).Select(i => new ForecastPoint(TargetHour(i), P50[i], P10[i], P90[i])).ToList();
}
