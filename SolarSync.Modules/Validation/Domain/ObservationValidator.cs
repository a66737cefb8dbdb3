using System.Collections.Concurrent;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>
/// Runs docs/architecture.md §4 over a batch: hard rules per row (<see cref="ObservationRules"/>) and per site/source order,
/// then, per site/source series, the soft rules, gap filling and the quality score.
/// </summary>
internal sealed class ObservationValidator(TimeProvider clock, Func<SiteLimits, ISunModel> sunModelFor) : IObservationValidator
{
    public ObservationValidator(TimeProvider clock)
        : this(clock, site => new PhysicsSunModel(site.Latitude, site.Longitude, site.AltitudeM))
    {
    }

    // Building a rule set is far dearer than running it; a stream of single readings reuses one per site size.
    private readonly ConcurrentDictionary<(double CapacityKw, double AltitudeM, double MaxPowerShare), ObservationRules> rulesBySite = new();

    public IReadOnlyList<string> HardRuleFailures(Observation row, SiteLimits site)
    {
        ArgumentNullException.ThrowIfNull(row);
        CheckSite(site);
        var rules = rulesBySite.GetOrAdd((site.CapacityKw, site.AltitudeM, site.MaxPowerShare),
            key => new ObservationRules(key.CapacityKw, key.AltitudeM, clock, key.MaxPowerShare));
        if (rules.Passes(row)) return [];
        return rules.Validate(row).Errors.Select(e => $"{e.ErrorCode}: {e.ErrorMessage}").ToList();
    }

    public ValidationOutcome Validate(IReadOnlyList<Observation> batch, SiteLimits site, IReadOnlyList<Observation>? recentHistory = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(site);
        CheckSite(site);
        var siteIds = batch.Select(o => o.SiteId).Distinct().ToList();
        if (siteIds.Count > 1)
            throw new ArgumentException($"A batch holds rows of one site, but this one holds sites {string.Join(", ", siteIds)}.", nameof(batch));

        var counts = new Dictionary<string, int>();
        var rules = new ObservationRules(site.CapacityKw, site.AltitudeM, clock, site.MaxPowerShare);
        var (accepted, rejected, future) = ApplyHardRules(batch, rules, counts);

        var sun = new CachedSunModel(sunModelFor(site));
        var output = new List<Observation>(accepted.Count);
        foreach (var group in accepted.GroupBy(o => (o.SiteId, o.Source)))
        {
            var rows = group.ToList();
            var history = (recentHistory ?? [])
                .Where(o => o.SiteId == group.Key.SiteId && o.Source == group.Key.Source)
                .ToList();
            var series = Merge(history, rows);

            var flags = FlagRows(rows, series, sun, site);
            var flagged = rows.Select((row, i) => row with { Flags = flags[i] }).ToList();
            foreach (var f in flags) Count(counts, f);

            // Gaps are found on the flagged series so that no re-ordering can change which rows anchor them.
            var imputed = GapFilling.Fill(Merge(history, flagged), sun);
            if (imputed.Count > 0) counts[ValidationRuleIds.Imputed] = counts.GetValueOrDefault(ValidationRuleIds.Imputed) + imputed.Count;

            output.AddRange(flagged.Concat(imputed).OrderBy(o => o.Ts));
        }

        var score = QualityScoring.Score(batch, future.Contains, output);
        return new ValidationOutcome(output, rejected, score, counts);
    }

    private static void CheckSite(SiteLimits site)
    {
        if (!(site.Latitude is >= -90 and <= 90))
            throw new ArgumentOutOfRangeException(nameof(site), site.Latitude, "Latitude must lie within −90…90°.");
        if (!(site.Longitude is >= -180 and <= 180))
            throw new ArgumentOutOfRangeException(nameof(site), site.Longitude, "Longitude must lie within −180…180°.");
        if (!(site.CapacityKw > 0) || !double.IsFinite(site.CapacityKw))
            throw new ArgumentOutOfRangeException(nameof(site), site.CapacityKw, "Capacity must be a positive number of kW.");
        if (!double.IsFinite(site.AltitudeM))
            throw new ArgumentOutOfRangeException(nameof(site), site.AltitudeM, "Altitude must be a finite number of metres.");
    }

    /// <summary>
    /// Row by row in input order. Order is checked against the last accepted row of the same site and source, so
    /// a rejected row never blocks a later correction of the same hour.
    /// </summary>
    private static (List<Observation> Accepted, List<Rejection> Rejected, HashSet<Observation> Future) ApplyHardRules(
        IReadOnlyList<Observation> batch, ObservationRules rules, Dictionary<string, int> counts)
    {
        var accepted = new List<Observation>(batch.Count);
        var rejected = new List<Rejection>();
        var future = new HashSet<Observation>(ReferenceEqualityComparer.Instance);
        var lastAccepted = new Dictionary<(long, string), DateTimeOffset>();

        foreach (var row in batch)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(batch));
            var key = (row.SiteId, row.Source);
            var orderFailure = lastAccepted.TryGetValue(key, out var last) ? OrderFailure(row.Ts, last) : null;
            if (orderFailure is null && rules.Passes(row))
            {
                accepted.Add(row);
                lastAccepted[key] = row.Ts;
                continue;
            }

            var failures = rules.Validate(row).Errors.Select(e => (Rule: e.ErrorCode, e.ErrorMessage)).ToList();
            if (orderFailure is { } order) failures.Add(order);
            foreach (var rule in failures.Select(f => f.Rule).Distinct())
                counts[rule] = counts.GetValueOrDefault(rule) + 1;
            if (failures.Any(f => f.Rule == ValidationRuleIds.Future)) future.Add(row);
            rejected.Add(new Rejection(row.Source, row.SiteId, ObservationJson.Serialize(row),
                failures.Select(f => $"{f.Rule}: {f.ErrorMessage}").ToList()));
        }
        return (accepted, rejected, future);
    }

    private static (string Rule, string Message)? OrderFailure(DateTimeOffset ts, DateTimeOffset lastAccepted)
    {
        if (ts < lastAccepted)
            return (ValidationRuleIds.OutOfOrder, $"earlier than the previous accepted row of this site and source ({lastAccepted.UtcDateTime:yyyy-MM-ddTHH:mm}Z)");
        if (ts == lastAccepted)
            return (ValidationRuleIds.Duplicate, "the same hour as the previous accepted row of this site and source");
        return null;
    }

    /// <summary>History and batch rows by time, one per hour; where both hold an hour the batch wins.</summary>
    private static List<SeriesPoint> Merge(IReadOnlyList<Observation> history, IReadOnlyList<Observation> batchRows)
    {
        var batchHours = batchRows.Select(o => o.Ts).ToHashSet();
        return history
            .Where(o => !batchHours.Contains(o.Ts))
            .DistinctBy(o => o.Ts)
            .Select(o => new SeriesPoint(o, -1))
            .Concat(batchRows.Select((o, i) => new SeriesPoint(o, i)))
            .OrderBy(p => p.Row.Ts)
            .ToList();
    }

    private static QualityFlags[] FlagRows(List<Observation> rows, List<SeriesPoint> series, ISunModel sun, SiteLimits site)
    {
        var flags = new QualityFlags[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var angles = sun.Sun(row.Ts);
            if (SoftRules.NightIrradiance(row, angles)) flags[i] |= QualityFlags.NightIrradiance;
            if (row.GhiWm2 is not null && SoftRules.AboveClearSky(row, angles, sun.ClearSky(angles))) flags[i] |= QualityFlags.AboveClearSky;
            if (SoftRules.ClosureMismatch(row, angles)) flags[i] |= QualityFlags.ClosureMismatch;
            if (SoftRules.DewPointAboveTemperature(row)) flags[i] |= QualityFlags.DewPointAboveTemperature;
        }
        SeriesRules.MarkFlatliners(series, sun, site.CapacityKw, flags, powerAtNight: site.IsConsumer);
        SeriesRules.MarkZScoreOutliers(series, flags);
        return flags;
    }

    private static readonly (QualityFlags Flag, string Rule)[] FlagRules =
    [
        (QualityFlags.NightIrradiance, ValidationRuleIds.NightIrradiance),
        (QualityFlags.AboveClearSky, ValidationRuleIds.AboveClearSky),
        (QualityFlags.ClosureMismatch, ValidationRuleIds.Closure),
        (QualityFlags.DewPointAboveTemperature, ValidationRuleIds.DewPoint),
        (QualityFlags.Flatliner, ValidationRuleIds.Flatliner),
        (QualityFlags.ZScoreOutlier, ValidationRuleIds.ZScore),
    ];

    private static void Count(Dictionary<string, int> counts, QualityFlags flags)
    {
        foreach (var (flag, rule) in FlagRules)
            if (flags.HasFlag(flag)) counts[rule] = counts.GetValueOrDefault(rule) + 1;
    }
}
