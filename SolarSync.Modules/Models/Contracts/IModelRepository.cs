namespace SolarSync.Modules.Models.Contracts;

/// <summary>
/// The write side of the model store and registry, for the module that trains: a new version's files are saved
/// whole before its Candidate row exists; promotion changes what is served at once.
/// </summary>
internal interface IModelRepository
{
    /// <summary>A version name for a model trained now (UTC timestamp, suffixed when taken).</summary>
    string NewVersion(string type, DateTimeOffset now);

    /// <summary>Saves the version's files and registers it as a Candidate of its family.</summary>
    Task RegisterCandidateAsync(TrainedModel model, long? runId, string metricsJson, CancellationToken ct);

    /// <summary>Makes the version Production (the previous one archived) and serves it; false when the version is unknown.</summary>
    Task<bool> PromoteAsync(string type, string version, CancellationToken ct);

    /// <summary>The type's Production model as served, or null; owned by the serving cache (never dispose it).</summary>
    Task<TrainedModel?> ProductionAsync(string type, CancellationToken ct);
}
