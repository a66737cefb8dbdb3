using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Prediction.Api;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Prediction.Forecasting;
using SolarSync.Modules.Prediction.GetHistory;
using SolarSync.Modules.Prediction.Performance;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.ExportCsv;

/// <summary>
/// CSV downloads of the history, forecast and performance endpoints: the same query, validation and figures, one
/// column per JSON field, streamed.
/// </summary>
internal static class ExportCsvEndpoints
{
    public static readonly string[] HistoryColumns =
        ["timestamp", "observed_kw", "ghi", "temp_c", "wind_speed_hub", "quality_flags", "imputed", "p50", "p10", "p90", "issued_at", "lead_hours", "model_version"];

    public static readonly string[] ForecastColumns = ["timestamp", "p50", "p10", "p90", "model_version", "issued_at"];

    public static readonly string[] PerformanceColumns = ["horizon", "hours", "mae", "rmse", "nmae", "bias", "coverage80"];

    private const string CsvNote =
        " CSV (RFC 4180, UTF-8) with a header row, UTC ISO 8601 timestamps, '.' decimals and an empty field for null; " +
        "sent as an attachment and streamed as it is read.";

    public static void MapCsvExports(this IEndpointRouteBuilder app, string rateLimitPolicy)
    {
        app.MapGet("/api/v1/sites/{id:long}/history.csv", HistoryCsvAsync)
            .WithTags("Forecasts")
            .WithName("ExportSiteHistoryCsv")
            .WithSummary("The site's history (GET /api/v1/sites/{id}/history) as CSV, one column per JSON field.")
            .WithDescription(GetHistoryEndpoint.Description + " quality_flags are joined with '|'." + CsvNote)
            .Produces(StatusCodes.Status200OK, typeof(string), CsvFile.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(rateLimitPolicy)
            .RequireCors(AuthorizationPolicies.PublicReadCors);
        app.MapGet("/api/v1/sites/{id:long}/forecast.csv", ForecastCsvAsync)
            .WithTags("Forecasts")
            .WithName("ExportSiteForecastCsv")
            .WithSummary("The site's forecast (GET /api/v1/sites/{id}/forecast) as CSV: timestamp, p50, p10, p90, model_version, issued_at.")
            .WithDescription("hours: 1–168, default 48. The same forecast as the JSON endpoint, served, cached and archived the same way." + CsvNote)
            .Produces(StatusCodes.Status200OK, typeof(string), CsvFile.ContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(rateLimitPolicy)
            .RequireCors(AuthorizationPolicies.PublicReadCors);
        app.MapGet("/api/v1/sites/{id:long}/performance.csv", PerformanceCsvAsync)
            .WithTags("Forecasts")
            .WithName("ExportSitePerformanceCsv")
            .WithSummary("The site's realized accuracy (GET /api/v1/sites/{id}/performance) as CSV, one row per horizon bucket and 'all'.")
            .WithDescription(GetPerformanceEndpoint.Description + CsvNote)
            .Produces(StatusCodes.Status200OK, typeof(string), CsvFile.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(rateLimitPolicy)
            .RequireCors(AuthorizationPolicies.PublicReadCors);
    }

    internal static Task<Results<CsvFile, ValidationProblem, ProblemHttpResult>> HistoryCsvAsync(
        long id, string? from, string? to, string? lead, ISiteDirectory sites, ISiteHistory history, TimeProvider clock, CancellationToken ct) =>
        HistoryQuery.AnswerAsync(id, from, to, lead, sites, clock, request => new CsvFile(
            $"site-{request.Site.Id}-history-{request.From:yyyyMMdd'T'HH}Z-{request.To:yyyyMMdd'T'HH}Z-{request.Lead.Name()}.csv",
            async (csv, aborted) =>
            {
                await csv.HeaderAsync(HistoryColumns, aborted);
                await foreach (var h in history.ReadAsync(request.Site, request.From, request.To, request.Lead, aborted))
                {
                    csv.Field(h.Timestamp).Field(h.ObservedKw).Field(h.GhiWm2).Field(h.TempC).Field(h.WindSpeedHubMs)
                        .Field(h.QualityFlags).Field(h.Imputed).Field(h.P50).Field(h.P10).Field(h.P90)
                        .Field(h.IssuedAt).Field(h.LeadHours).Field(h.ModelVersion);
                    await csv.EndRowAsync(aborted);
                }
            }), ct);

    internal static Task<Results<CsvFile, ValidationProblem, ProblemHttpResult>> ForecastCsvAsync(
        long id, string? hours, SiteLocator locator, ForecastServer server, CancellationToken ct) =>
        ForecastEndpoints.AnswerSiteForecastAsync(id, hours, locator, server, json =>
        {
            var forecast = ForecastJson.Deserialize(json);
            return new CsvFile($"site-{forecast.Site.Id}-forecast-{forecast.IssuedAt.UtcDateTime:yyyyMMdd'T'HH}Z.csv", async (csv, aborted) =>
            {
                await csv.HeaderAsync(ForecastColumns, aborted);
                foreach (var p in forecast.Points)
                {
                    csv.Field(p.Timestamp).Field(p.P50).Field(p.P10).Field(p.P90).Field(forecast.ModelVersion).Field(forecast.IssuedAt);
                    await csv.EndRowAsync(aborted);
                }
            });
        }, ct);

    internal static Task<Results<CsvFile, ValidationProblem, ProblemHttpResult>> PerformanceCsvAsync(
        long id, string? days, ISiteDirectory sites, ISitePerformance performance, CancellationToken ct) =>
        PerformanceQuery.AnswerAsync(id, days, sites, performance, report => new CsvFile(
            $"site-{report.SiteId}-performance-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv",
            async (csv, aborted) =>
            {
                await csv.HeaderAsync(PerformanceColumns, aborted);
                foreach (var b in report.Buckets.Append(report.All))
                {
                    csv.Field(b.Horizon).Field(b.Hours).Field(b.Mae).Field(b.Rmse).Field(b.Nmae).Field(b.Bias).Field(b.Coverage80);
                    await csv.EndRowAsync(aborted);
                }
            }), ct);
}
