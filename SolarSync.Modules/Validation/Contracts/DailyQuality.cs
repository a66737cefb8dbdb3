using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Domain;

namespace SolarSync.Modules.Validation.Contracts;

/// <summary>The quality of one site on one UTC day (a row of <c>data_quality_daily</c>).</summary>
/// <param name="AcceptedRows">Measured rows accepted that day.</param>
/// <param name="RejectedRows">Rejected rows dated that day.</param>
/// <param name="ImputedRows">Rows interpolated that day.</param>
public sealed record DailyQualityScore(long SiteId, DateOnly DateUtc, QualityScore Score, int AcceptedRows, int RejectedRows, int ImputedRows);

/// <summary>
/// Quality per site-day: the rows are grouped by site and UTC calendar day (of <see cref="Observation.Ts"/>)
/// and each group is scored exactly as a batch is (see <see cref="QualityScore"/>), its expected span running
/// from the day's first to its last received or imputed hour.
/// </summary>
public static class DailyQuality
{
    /// <summary>The site-days of one validated batch.</summary>
    public static IReadOnlyList<DailyQualityScore> Compute(ValidationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Compute(outcome.Accepted, outcome.Rejected);
    }

    /// <summary>
    /// Site-days from accepted rows (measured and imputed, e.g. read back from the store) and, optionally, their
    /// rejections. A rejection is dated by the row in its payload, as <see cref="IObservationValidator"/> writes
    /// it; a rejection whose payload is not such a row (input a parser could not read) has no site-day and is
    /// left out. Sorted by site, then day.
    /// </summary>
    public static IReadOnlyList<DailyQualityScore> Compute(IEnumerable<Observation> accepted, IEnumerable<Rejection>? rejected = null)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var acceptedRows = accepted.ToList();
        var rejectedRows = new List<Observation>();
        var future = new HashSet<Observation>(ReferenceEqualityComparer.Instance);
        foreach (var rejection in rejected ?? [])
        {
            if (ObservationJson.TryDeserialize(rejection.RawPayload) is not { } row) continue;
            rejectedRows.Add(row);
            if (rejection.Reasons.Any(r => r.StartsWith(ValidationRuleIds.Future + ":", StringComparison.Ordinal))) future.Add(row);
        }

        var acceptedByDay = acceptedRows.ToLookup(SiteDay);
        var rejectedByDay = rejectedRows.ToLookup(SiteDay);
        return acceptedByDay.Select(g => g.Key).Union(rejectedByDay.Select(g => g.Key))
            .Order()
            .Select(day =>
            {
                var dayAccepted = acceptedByDay[day].ToList();
                var dayRejected = rejectedByDay[day].ToList();
                var received = dayAccepted.Where(o => !o.Imputed).Concat(dayRejected).ToList();
                var score = QualityScoring.Score(received, future.Contains, dayAccepted);
                return new DailyQualityScore(day.SiteId, day.Date, score,
                    AcceptedRows: dayAccepted.Count(o => !o.Imputed), RejectedRows: dayRejected.Count, ImputedRows: dayAccepted.Count(o => o.Imputed));
            })
            .ToList();
    }

    private static (long SiteId, DateOnly Date) SiteDay(Observation row) => (row.SiteId, DateOnly.FromDateTime(row.Ts.UtcDateTime));
}
