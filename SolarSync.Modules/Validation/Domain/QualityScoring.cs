using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>The arithmetic behind <see cref="QualityScore"/>, shared by the batch score and the daily one.</summary>
internal static class QualityScoring
{
    /// <param name="received">Rows as they came in, accepted or rejected.</param>
    /// <param name="datedInFuture">Received rows rejected as "future": they count against validity but do not stretch the expected span.</param>
    /// <param name="accepted">Accepted rows, measured and imputed.</param>
    public static QualityScore Score(IReadOnlyCollection<Observation> received, Func<Observation, bool> datedInFuture, IReadOnlyCollection<Observation> accepted)
    {
        var measured = accepted.Where(o => !o.Imputed).ToList();

        long expected = 0, present = 0;
        var spanRows = received.Where(o => !datedInFuture(o)).Concat(accepted.Where(o => o.Imputed));
        foreach (var group in spanRows.GroupBy(o => (o.SiteId, o.Source)))
        {
            var fields = ObservationFields.All.Where(f => group.Any(o => f.Get(o) is not null)).ToList();
            var first = group.Min(o => HourOf(o.Ts));
            var last = group.Max(o => HourOf(o.Ts));
            var hours = (last - first).Ticks / TimeSpan.TicksPerHour + 1;
            expected += hours * fields.Count;

            // Accepted rows hold one row per hour (duplicates are rejected), all inside the span.
            present += measured
                .Where(o => o.SiteId == group.Key.SiteId && o.Source == group.Key.Source && HourOf(o.Ts) >= first && HourOf(o.Ts) <= last)
                .Sum(o => fields.Count(f => f.Get(o) is not null));
        }

        return new QualityScore(
            Completeness: Ratio(present, expected),
            Validity: Ratio(measured.Count, received.Count),
            Consistency: Ratio(measured.Count(o => o.Flags == QualityFlags.None), measured.Count));
    }

    private static DateTimeOffset HourOf(DateTimeOffset ts)
    {
        var utc = ts.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 1 : (double)numerator / denominator;
}
