using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Performance;

internal static class GetPerformanceEndpoint
{
    public const int DefaultDays = 30;
    public const int MaxDays = 365;

    public static void MapGetPerformance(this IEndpointRouteBuilder app, string policy) =>
        app.MapGet("/api/v1/sites/{id:long}/performance", GetPerformanceAsync)
            .WithTags("Forecasts")
            .WithName("GetSitePerformance")
            .WithSummary("Realized accuracy of the site's archived forecasts by horizon (default: the last 30 days).")
            .WithDescription(
                "Pairs every archived forecast hour whose target hour falls in the last `days` UTC days (1–365, today " +
                "included) with the power observed in that hour; hours without an observation are skipped. Buckets are " +
                "by horizon (hours ahead of the issue hour: 1-6h, 7-24h, 25-48h, 49-168h) plus `all`. mae, rmse and " +
                "bias (mean prediction − actual) are in kW, nmae in % of the site's capacity, coverage80 the % of hours " +
                "inside the p10..p90 interval; a bucket without hours has null metrics.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(policy);

    // days arrives as text so that "abc" gets the same problem naming the field as 0 or 366, not a bare 400.
    internal static async Task<Results<Ok<PerformanceReport>, ValidationProblem, ProblemHttpResult>> GetPerformanceAsync(
        long id, string? days, ISiteDirectory sites, RealizedAccuracyReader reader, TimeProvider clock, CancellationToken ct)
    {
        var count = DefaultDays;
        if (days is not null && (!int.TryParse(days, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxDays))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["days"] = [$"'days' must be a whole number from 1 to {MaxDays}."] },
                title: "The query is not valid.");
        }

        if (await sites.FindAsync(id, ct) is not { } site)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.", detail: $"No site has id {id}.");

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(-(count - 1));
        var accuracy = await reader.ComputeAsync(site, StartOf(first), StartOf(today.AddDays(1)), ct);
        var (buckets, all) = accuracy.Result(site.CapacityKw);
        return TypedResults.Ok(new PerformanceReport(site.Id, first, today, count,
            buckets.Select(HorizonPerformance.From).ToList(), HorizonPerformance.From(all)));
    }

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
