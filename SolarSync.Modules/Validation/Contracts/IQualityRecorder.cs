namespace SolarSync.Modules.Validation.Contracts;

/// <summary>Stores the per-site-day quality of validated batches (data_quality_daily).</summary>
public interface IQualityRecorder
{
    /// <summary>
    /// Replaces the quality of every site-day the outcome covers. Callers pass whole days (batches cut at UTC
    /// midnight), so a day's score is never a blend of a partial re-run and an old run.
    /// </summary>
    Task RecordAsync(string source, ValidationOutcome outcome, CancellationToken ct);
}
