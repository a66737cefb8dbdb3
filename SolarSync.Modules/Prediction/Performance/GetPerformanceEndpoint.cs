using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Performance;

internal static class GetPerformanceEndpoint
{
    public const string Description =
        "Pairs every archived forecast hour whose target hour falls in the last `days` UTC days (1–365, today " +
        "included) with the power observed in that hour; hours without an observation are skipped. Buckets are " +
        "by horizon (hours ahead of the issue hour: 1-6h, 7-24h, 25-48h, 49-168h) plus `all`. mae, rmse and " +
        "bias (mean prediction − actual) are in kW, nmae in % of the site's capacity, coverage80 the % of hours " +
        "inside the p10..p90 interval; a bucket without hours has null metrics.";

    public static void MapGetPerformance(this IEndpointRouteBuilder app, string policy) =>
        app.MapGet("/api/v1/sites/{id:long}/performance", GetPerformanceAsync)
            .WithTags("Forecasts")
            .WithName("GetSitePerformance")
            .WithSummary("Realized accuracy of the site's archived forecasts by horizon (default: the last 30 days).")
            .WithDescription(Description)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(policy)
            .RequireCors(AuthorizationPolicies.PublicReadCors);

    internal static Task<Results<Ok<SitePerformanceView>, ValidationProblem, ProblemHttpResult>> GetPerformanceAsync(
        long id, string? days, ISiteDirectory sites, ISitePerformance performance, CancellationToken ct) =>
        PerformanceQuery.AnswerAsync(id, days, sites, performance, report => TypedResults.Ok(report), ct);
}
