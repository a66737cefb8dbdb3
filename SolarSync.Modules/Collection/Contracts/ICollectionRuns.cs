namespace SolarSync.Modules.Collection.Contracts;

/// <summary>
/// One collection or import run: <see cref="Kind"/> (history, forecasts, import, telemetry, …) from
/// <see cref="Source"/>, its <see cref="Outcome"/> (running, succeeded or failed), the rows it accepted and rejected,
/// the batch's quality score (0–1) and, when it failed, why.
/// </summary>
public sealed record CollectionRunSummary(
    long Id,
    string Kind,
    string Source,
    long? SiteId,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Outcome,
    int RowsAccepted,
    int RowsRejected,
    double? QualityScore,
    string? Error);

/// <summary>
/// The newest finished runs of one kind, source and site that all failed, <see cref="Failures"/> of them in a row (so far),
/// the last one at <see cref="LastFailedAt"/> with <see cref="LastError"/>.
/// </summary>
public sealed record CollectionFailureStreak(string Kind, string Source, long? SiteId, int Failures, DateTimeOffset LastFailedAt, string? LastError);

/// <summary>How other modules read what collection has done (the operator console, the alerts).</summary>
public interface ICollectionRuns
{
    /// <summary>The last <paramref name="limit"/> runs, newest first.</summary>
    Task<IReadOnlyList<CollectionRunSummary>> RecentAsync(int limit, CancellationToken ct);

    /// <summary>The start of the newest stored hour of each site, any source; sites without one are left out.</summary>
    Task<IReadOnlyDictionary<long, DateTimeOffset>> LastObservationsAsync(IReadOnlyCollection<long> siteIds, CancellationToken ct);

    /// <summary>
    /// For each kind, source and site with a finished run since <paramref name="since"/>, except user imports: how many
    /// of its newest finished runs failed in a row; groups whose newest finished run succeeded are left out.
    /// </summary>
    Task<IReadOnlyList<CollectionFailureStreak>> FailureStreaksAsync(DateTimeOffset since, CancellationToken ct);
}
