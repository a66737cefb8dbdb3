using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Contracts;

/// <summary>
/// A forecast of the Production model, kW per hour from the issue hour: p50 clipped to [0, capacity] (0 when the
/// sun is down for solar) and the conformal 80 % interval. <see cref="TestNmaePct"/> is the version's nMAE on its test
/// split; <see cref="Family"/> the model family that made it.
/// </summary>
public sealed record ModelForecast(string ModelVersion, double[] P50Kw, double[] P10Kw, double[] P90Kw, double TestNmaePct, string Family);

/// <summary>The Production model of each plant type, held in memory and reloaded when the registry promotes or rolls back.</summary>
public interface IProductionModels
{
    /// <summary>The Production version of the type, or null when there is none.</summary>
    ValueTask<string?> VersionAsync(PlantType type, CancellationToken ct);

    /// <summary>
    /// Forecasts <paramref name="hours"/> hours (1–<see cref="ForecastHorizon.MaxHours"/>) from <paramref name="issueHour"/> (the UTC start of the first
    /// hour). <paramref name="history"/> must cover at least the model's lookback before the issue hour (missing hours
    /// are NaN); <paramref name="weather"/> holds the forecast weather of the coming hours, or null when there is none
    /// (clear-sky and climatology stand in). Null when the type has no Production model.
    /// </summary>
    Task<ModelForecast?> ForecastAsync(FeatureSite site, HourlySeries history, HourlySeries? weather, DateTimeOffset issueHour,
        int hours, CancellationToken ct);
}
