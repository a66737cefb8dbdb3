using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Contracts;

/// <summary>
/// One registered model version with its registry stage (candidate, production or archived) and its test scores on
/// the capacity-normalised test split: nMAE, nRMSE and 80 % coverage of the model, the nMAE of smart persistence on the
/// same hours, and whether it passed the promotion gate. Percentages 0–100; null where the run did not record one.
/// </summary>
public sealed record ModelVersionSummary(
    PlantType Type,
    string Version,
    string Stage,
    double TestNmaePct,
    double? TestNrmsePct,
    double? TestCoverage80Pct,
    double? SmartPersistenceNmaePct,
    int? TestHours,
    bool? PassedGate,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PromotedAt,
    DateTimeOffset? RolledBackAt,
    string Family);

/// <summary>
/// One training run: <see cref="Status"/> is running, succeeded or failed; <see cref="Outcome"/> says what became of
/// its model (promoted, or a candidate and why); <see cref="Error"/> why it failed.
/// </summary>
public sealed record TrainingRunSummary(
    long Id,
    PlantType Type,
    string Status,
    string? Version,
    string? Outcome,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>
/// A change of what is served: <see cref="Kind"/> is "promoted" (the version became Production at <see cref="At"/>) or
/// "rolled_back" (it was taken out of Production); <see cref="ServingVersion"/> is the type's Production version now.
/// </summary>
public sealed record RegistryEvent(PlantType Type, string Version, string Kind, DateTimeOffset At, string? ServingVersion)
{
    public const string Promoted = "promoted";
    public const string RolledBack = "rolled_back";
}

/// <summary>How other modules read the model registry and the training runs (the operator console, the alerts).</summary>
public interface IModelCatalog
{
    /// <summary>The newest <paramref name="perType"/> versions of each plant type, newest first, and every Production one.</summary>
    Task<IReadOnlyList<ModelVersionSummary>> VersionsAsync(int perType, CancellationToken ct);

    /// <summary>The last <paramref name="limit"/> training runs, newest first.</summary>
    Task<IReadOnlyList<TrainingRunSummary>> RecentRunsAsync(int limit, CancellationToken ct);

    /// <summary>Promotions and rollbacks at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<RegistryEvent>> EventsSinceAsync(DateTimeOffset since, CancellationToken ct);

    /// <summary>The newest finished (succeeded or failed) training run of each plant type that has one.</summary>
    Task<IReadOnlyList<TrainingRunSummary>> LatestFinishedRunsAsync(CancellationToken ct);
}
