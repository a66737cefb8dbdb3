using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Contracts;

/// <summary>Registered versions other than the Production one, for the champion/challenger experiments.</summary>
public interface IModelVersions
{
    /// <summary>The type's Production version as the registry has it now, or null when there is none.</summary>
    Task<string?> ProductionVersionAsync(PlantType type, CancellationToken ct);

    /// <summary>The version's registry stage (candidate, production or archived), or null when it is not registered or its files are missing.</summary>
    Task<string?> ServableStageAsync(PlantType type, string version, CancellationToken ct);

    /// <summary>Makes the version Production at once (the previous one is archived); false when it is not registered.</summary>
    Task<bool> PromoteAsync(PlantType type, string version, CancellationToken ct);

    /// <summary>
    /// The forecast of that version, as <see cref="IProductionModels.ForecastAsync"/> makes Production's; null when its
    /// files are missing. At most one such version per type is held in memory.
    /// </summary>
    Task<ModelForecast?> ForecastAsync(PlantType type, string version, FeatureSite site, HourlySeries history, HourlySeries? weather,
        DateTimeOffset issueHour, int hours, CancellationToken ct);
}
