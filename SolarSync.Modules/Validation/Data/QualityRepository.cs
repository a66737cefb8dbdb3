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

    private const string UpsertSql = """
        INSERT INTO validation.data_quality_daily
            (site_id, day, source, rows_accepted, rows_flagged, rows_rejected, rows_imputed, completeness, validity, consistency, score, counts_by_rule)
        VALUES (@SiteId, @Day, @Source, @Accepted, @Flagged, @Rejected, @Imputed, @Completeness, @Validity, @Consistency, @Score, @CountsByRule::jsonb)
        ON CONFLICT (site_id, source, day) DO UPDATE SET
            rows_accepted = EXCLUDED.rows_accepted, rows_flagged = EXCLUDED.rows_flagged, rows_rejected = EXCLUDED.rows_rejected,
            rows_imputed = EXCLUDED.rows_imputed, completeness = EXCLUDED.completeness, validity = EXCLUDED.validity,
            consistency = EXCLUDED.consistency, score = EXCLUDED.score, counts_by_rule = EXCLUDED.counts_by_rule, updated_at = now()
        """;

    public async Task RecordAsync(string source, ValidationOutcome outcome, CancellationToken ct)
    {
        var countsByDay = CountRulesByDay(outcome);
        var flaggedByDay = outcome.Accepted.Where(o => o.Flags != QualityFlags.None).GroupBy(o => Day(o.Ts)).ToDictionary(g => g.Key, g => g.Count());
        var rows = DailyQuality.Compute(outcome).Select(d => new
        {
            d.SiteId,
            Day = d.DateUtc,
            Source = source,
            Accepted = d.AcceptedRows,
            Flagged = flaggedByDay.GetValueOrDefault(d.DateUtc),
            Rejected = d.RejectedRows,
            Imputed = d.ImputedRows,
            d.Score.Completeness,
            d.Score.Validity,
            d.Score.Consistency,
            Score = d.Score.Overall,
            CountsByRule = JsonSerializer.Serialize(countsByDay.GetValueOrDefault(d.DateUtc) ?? []),
        }).ToList();
        if (rows.Count == 0) return;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(UpsertSql, rows, cancellationToken: ct));
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
