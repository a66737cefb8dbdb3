using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace SolarSync.Modules.Validation.GetQualityReport;

internal static class GetQualityReportEndpoint
{
    private const int MaxDays = 1100;
    private const int WorstDayCount = 5;

    private const string DaysSql = """
        SELECT site_id, day, source, rows_accepted, rows_flagged, rows_rejected, rows_imputed,
               completeness, validity, consistency, score, counts_by_rule::text AS counts_by_rule_json
        FROM validation.data_quality_daily
        WHERE (@siteId::bigint IS NULL OR site_id = @siteId) AND day BETWEEN @from AND @to
        ORDER BY site_id, day, source
        """;

    public static void MapGetQualityReport(this IEndpointRouteBuilder app, string policy) =>
        app.MapGet("/monitoring/data-quality/report", GetReportAsync)
            .WithTags("Monitoring")
            .WithName("GetDataQualityReport")
            .WithSummary("Data-quality scores per site-day, counts by rule and the worst days (default: the last 30 days).")
            .RequireRateLimiting(policy);

    internal static async Task<Results<Ok<QualityReport>, ValidationProblem>> GetReportAsync(
        long? site_id, DateOnly? from, DateOnly? to, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken ct)
    {
        // Days of the stored calendar; beyond it a default range would run off DateOnly's ends.
        var errors = new Dictionary<string, string[]>();
        if (from is { } f && !InCalendar(f)) errors["from"] = [$"'from' must lie within {Earliest:yyyy-MM-dd}…{Latest:yyyy-MM-dd}."];
        if (to is { } t && !InCalendar(t)) errors["to"] = [$"'to' must lie within {Earliest:yyyy-MM-dd}…{Latest:yyyy-MM-dd}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var last = to ?? today;
        var first = from ?? (last.DayNumber - Earliest.DayNumber >= 29 ? last.AddDays(-29) : Earliest);
        if (first > last)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["'from' must not be after 'to'."] });
        if (last.DayNumber - first.DayNumber >= MaxDays)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = [$"The range may span at most {MaxDays} days."] });

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<DayRow>(new CommandDefinition(DaysSql, new { siteId = site_id, from = first, to = last }, cancellationToken: ct));
        var days = rows.Select(r => r.ToDay()).ToList();
        return TypedResults.Ok(new QualityReport(site_id, first, last, Summarise(days), SumCounts(days),
            days.OrderBy(d => d.Score).ThenBy(d => d.Day).Take(WorstDayCount).ToList(), days));
    }

    private static readonly DateOnly Earliest = new(1900, 1, 1);
    private static readonly DateOnly Latest = new(2099, 12, 31);

    private static bool InCalendar(DateOnly day) => day >= Earliest && day <= Latest;

    private static QualitySummary Summarise(IReadOnlyList<DayQuality> days)
    {
        double rows = days.Sum(Weight);
        double? Weighted(Func<DayQuality, double> value) => rows > 0 ? days.Sum(d => value(d) * Weight(d)) / rows : null;
        return new QualitySummary(days.Count, days.Sum(d => d.RowsAccepted), days.Sum(d => d.RowsFlagged), days.Sum(d => d.RowsRejected),
            days.Sum(d => d.RowsImputed), Weighted(d => d.Completeness), Weighted(d => d.Validity), Weighted(d => d.Consistency), Weighted(d => d.Score));
    }

    private static int Weight(DayQuality d) => d.RowsAccepted + d.RowsRejected + d.RowsImputed;

    private static Dictionary<string, int> SumCounts(IEnumerable<DayQuality> days) =>
        days.SelectMany(d => d.CountsByRule).GroupBy(kv => kv.Key).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));

    private sealed record DayRow(
        long SiteId, DateOnly Day, string Source, int RowsAccepted, int RowsFlagged, int RowsRejected, int RowsImputed,
        double Completeness, double Validity, double Consistency, double Score, string CountsByRuleJson)
    {
        public DayQuality ToDay() => new(SiteId, Day, Source, RowsAccepted, RowsFlagged, RowsRejected, RowsImputed,
            Completeness, Validity, Consistency, Score, JsonSerializer.Deserialize<Dictionary<string, int>>(CountsByRuleJson) ?? []);
    }
}
