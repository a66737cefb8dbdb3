using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Contracts;

/// <summary>Starting a champion/challenger experiment from another module (the weekly retrain with Training:PromoteVia=experiment).</summary>
public interface IExperiments
{
    /// <summary>
    /// Starts a shadow experiment of <paramref name="challengerVersion"/> against the type's Production version with the
    /// default success criteria; its id, or null when the type has no Production version or an experiment is already running.
    /// </summary>
    Task<long?> StartShadowAsync(PlantType type, string challengerVersion, CancellationToken ct);
}
