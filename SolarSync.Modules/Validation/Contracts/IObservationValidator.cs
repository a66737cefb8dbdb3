using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Validation.Contracts;

/// <summary>
/// Validates a batch of observations of one site (docs/architecture.md §4): hard rules reject rows to quarantine, soft rules
/// flag rows that are kept, short gaps are interpolated, and the batch gets a quality score. Pure: it reads no
/// store and writes none; the caller stores <see cref="ValidationOutcome.Accepted"/> and quarantines
/// <see cref="ValidationOutcome.Rejected"/>. Thread-safe.
/// </summary>
public interface IObservationValidator
{
    /// <summary>
    /// Validates <paramref name="batch"/>, whose rows all belong to the site described by <paramref name="site"/>
    /// and arrive sorted by time within each source (rows of several sources may be interleaved).
    /// </summary>
    /// <param name="batch">The rows received. Incoming <see cref="Observation.Flags"/> are replaced by this validation's findings.</param>
    /// <param name="site">Position (for the sun) and capacity (for the power range) of the batch's site.</param>
    /// <param name="recentHistory">
    /// Stored rows of the same site from before the batch, ideally the preceding 30 days. Used, per source, as the
    /// window of the z-score rule, to carry a flatliner run across the batch boundary and as the left anchor of a
    /// gap at the batch start. Rows of other sites or sources are ignored; where the batch repeats an hour the
    /// batch wins. Never re-validated and never returned.
    /// </param>
    /// <exception cref="ArgumentException">The batch holds rows of more than one site, or <paramref name="site"/> is out of range.</exception>
    ValidationOutcome Validate(IReadOnlyList<Observation> batch, SiteLimits site, IReadOnlyList<Observation>? recentHistory = null);

    /// <summary>
    /// The hard rules that look at one row alone (physical ranges, a whole UTC hour, not in the future), for sources
    /// that check each reading as it arrives before it joins an hourly row. Empty when the row passes; otherwise every
    /// broken rule as "<c>rule-id: message</c>", as in a quarantine reason.
    /// </summary>
    IReadOnlyList<string> HardRuleFailures(Observation row, SiteLimits site);
}
