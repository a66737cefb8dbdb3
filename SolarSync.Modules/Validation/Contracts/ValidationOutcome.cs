using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Validation.Contracts;

/// <summary>The result of validating one batch.</summary>
/// <param name="Accepted">
/// Rows to store, per site and source in time order: every row that passed the hard rules (flagged ones
/// included, with <see cref="Observation.Flags"/> set) plus the rows interpolated over short gaps
/// (<see cref="Observation.Imputed"/> = true, never flagged).
/// </param>
/// <param name="Rejected">
/// Rows for quarantine, in input order: <see cref="Rejection.RawPayload"/> is the row as JSON (snake_case) and
/// <see cref="Rejection.Reasons"/> lists every rule it broke as "<c>rule-id: message</c>".
/// </param>
/// <param name="Score">The batch's quality score.</param>
/// <param name="CountsByRule">
/// How many rows each rule hit, keyed by <see cref="ValidationRuleIds"/>; only rules that hit at least once
/// appear. A row breaking several rules counts once under each.
/// </param>
public sealed record ValidationOutcome(
    IReadOnlyList<Observation> Accepted,
    IReadOnlyList<Rejection> Rejected,
    QualityScore Score,
    IReadOnlyDictionary<string, int> CountsByRule);
