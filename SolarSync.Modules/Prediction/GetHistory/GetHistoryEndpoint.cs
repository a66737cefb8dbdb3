using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Shared.Http;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.GetHistory;

internal static class GetHistoryEndpoint
{
    public const string Description =
        "Every hour in [from, to): the observed output and weather (the believed source of each value), the soft-rule " +
        "flags of the hour's stored rows, whether a row was interpolated, and the archived forecast of the lead: the one " +
        "issued latest at least 24 h (`day-ahead`, the default), 6 h (`6h`) or 0 h (`latest`) before the hour; of model " +
        "versions issued in the same hour the longest, then the newest. from/to: ISO 8601 dates or date-times, UTC unless " +
        "an offset is given (write + as %2B), rounded down to whole hours, to exclusive; default the last 7 days up to " +
        "the current hour; at most 92 days, within 2000-01-01..2100-01-01.";

    private const string Example = """
        {"site_id": 1, "from": "2026-12-06T00:00:00Z", "to": "2026-12-13T00:00:00Z", "lead": "day-ahead", "unit": "kW",
         "hours": [{"timestamp": "2026-12-06T10:00:00Z", "observed_kw": 212.4, "ghi": 388, "temp_c": 3.1, "wind_speed_hub": 4.2,
                    "quality_flags": [], "imputed": false, "p50": 198.2, "p10": 151.7, "p90": 240.9,
                    "issued_at": "2026-12-05T09:00:00Z", "lead_hours": 25, "model_version": "20261129T020000Z"}]}
        """;

    public static void MapGetHistory(this IEndpointRouteBuilder app, string rateLimitPolicy) =>
        app.MapGet("/api/v1/sites/{id:long}/history", GetHistoryAsync)
            .WithTags("Forecasts")
            .WithName("GetSiteHistory")
            .WithSummary("A site's observed hours next to its archived forecasts of a lead (day-ahead, 6h or latest).")
            .WithDescription(Description)
            .WithResponseExample(StatusCodes.Status200OK, Example)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(rateLimitPolicy)
            .RequireCors(AuthorizationPolicies.PublicReadCors);

    // from, to and lead arrive as text so that "abc" gets the same problem naming the field as an out-of-range value.
    internal static Task<Results<Ok<HistoryResponse>, ValidationProblem, ProblemHttpResult>> GetHistoryAsync(
        long id, string? from, string? to, string? lead, ISiteDirectory sites, ISiteHistory history, TimeProvider clock, CancellationToken ct) =>
        HistoryQuery.AnswerAsync(id, from, to, lead, sites, clock, request => TypedResults.Ok(new HistoryResponse(
            request.Site.Id, request.From.UtcDateTime, request.To.UtcDateTime, request.Lead.Name(), "kW",
            HistoryHourView.Stream(history.ReadAsync(request.Site, request.From, request.To, request.Lead, ct), ct))), ct);
}
