using System.Text.Json;
using Dapper;
using Npgsql;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;
using SolarSync.Modules.Validation.Domain;

namespace SolarSync.Modules.Validation.Data;

internal sealed class QualityRepository(NpgsqlDataSource dataSource) : IQualityRecorder
{
    private static readonly (QualityFlags Flag, string Rule)[] FlagRules =
    [
        (QualityFlags.NightIrradiance, ValidationRuleIds.NightIrradiance),
        (QualityFlags.AboveClearSky, ValidationRuleIds.AboveClearSky),
        (QualityFlags.ClosureMismatch, ValidationRuleIds.Closure),
        (QualityFlags.DewPointAboveTemperature, ValidationRuleIds.DewPoint),
        (QualityFlags.Flatliner, ValidationRuleIds.Flatliner),
        (QualityFlags.ZScoreOutlier, ValidationRuleIds.ZScore),
    ];

    // One statement for all the days of a batch (arrays unnested), not one round trip per day.
    private const string UpsertSql = """
        INSERT INTO validation.data_quality_daily
            (site_id, day, source, rows_accepted, rows_flagged, rows_rejected, rows_imputed, completeness, validity, consistency, score, counts_by_rule)
        SELECT site_id, day, @source, accepted, flagged, rejected, imputed, completeness, validity, consistency, score, counts::jsonb
        FROM unnest(@siteIds, @days, @accepted, @flagged, @rejected, @imputed, @completeness, @validity, @consistency, @scores, @counts)
            AS d(site_id, day, accepted, flagged, rejected, imputed, completeness, validity, consistency, score, counts)
        ON CONFLICT (site_id, source, day) DO UPDATE SET
            rows_accepted = EXCLUDED.rows_accepted, rows_flagged = EXCLUDED.rows_flagged, rows_rejected = EXCLUDED.rows_rejected,
            rows_imputed = EXCLUDED.rows_imputed, completeness = EXCLUDED.completeness, validity = EXCLUDED.validity,
            consistency = EXCLUDED.consistency, score = EXCLUDED.score, counts_by_rule = EXCLUDED.counts_by_rule, updated_at = now()
        """;

    public async Task RecordAsync(string source, ValidationOutcome outcome, CancellationToken ct)
    {
        var countsByDay = CountRulesByDay(outcome);
        var flaggedByDay = outcome.Accepted.Where(o => o.Flags != QualityFlags.None).GroupBy(o => Day(o.Ts)).ToDictionary(g => g.Key, g => g.Count());
        var days = DailyQuality.Compute(outcome);
        if (days.Count == 0) return;
        var args = new
        {
            source,
            siteIds = days.Select(d => d.SiteId).ToArray(),
            days = days.Select(d => d.DateUtc).ToArray(),
            accepted = days.Select(d => d.AcceptedRows).ToArray(),
            flagged = days.Select(d => flaggedByDay.GetValueOrDefault(d.DateUtc)).ToArray(),
            rejected = days.Select(d => d.RejectedRows).ToArray(),
            imputed = days.Select(d => d.ImputedRows).ToArray(),
            completeness = days.Select(d => d.Score.Completeness).ToArray(),
            validity = days.Select(d => d.Score.Validity).ToArray(),
            consistency = days.Select(d => d.Score.Consistency).ToArray(),
            scores = days.Select(d => d.Score.Overall).ToArray(),
            counts = days.Select(d => JsonSerializer.Serialize(countsByDay.GetValueOrDefault(d.DateUtc) ?? [])).ToArray(),
        };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(UpsertSql, args, cancellationToken: ct));
    }

    private static Dictionary<DateOnly, Dictionary<string, int>> CountRulesByDay(ValidationOutcome outcome)
    {
        var byDay = new Dictionary<DateOnly, Dictionary<string, int>>();
        void Count(DateOnly day, string rule)
        {
            if (!byDay.TryGetValue(day, out var counts)) byDay[day] = counts = [];
            counts[rule] = counts.GetValueOrDefault(rule) + 1;
        }

        foreach (var row in outcome.Accepted)
        {
            if (row.Imputed) Count(Day(row.Ts), ValidationRuleIds.Imputed);
            foreach (var (flag, rule) in FlagRules)
                if (row.Flags.HasFlag(flag)) Count(Day(row.Ts), rule);
        }
        foreach (var rejection in outcome.Rejected)
        {
            if (ObservationJson.TryDeserialize(rejection.RawPayload) is not { } row) continue;
            foreach (var reason in rejection.Reasons)
                Count(Day(row.Ts), RuleOf(reason));
        }
        return byDay;
    }

    /// <summary>Reasons read "rule-id: message"; rule ids may themselves contain ':' (e.g. "range:ghi").</summary>
    private static string RuleOf(string reason) => reason.IndexOf(": ", StringComparison.Ordinal) is var i and > 0 ? reason[..i] : reason;

    private static DateOnly Day(DateTimeOffset ts) => DateOnly.FromDateTime(ts.UtcDateTime);
}
