using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Performance;

/// <summary>The query of the performance endpoints (JSON and CSV): days 1–365, default 30.</summary>
internal static class PerformanceQuery
{
    /// <summary>
    /// The answer <paramref name="answer"/> makes of the site's report; otherwise a 400 problem naming days, or 404 for
    /// an unknown site.
    /// </summary>
    // days arrives as text so that "abc" gets the same problem naming the field as 0 or 366, not a bare 400.
    public static async Task<Results<TResult, ValidationProblem, ProblemHttpResult>> AnswerAsync<TResult>(
        long id, string? days, ISiteDirectory sites, ISitePerformance performance, Func<SitePerformanceView, TResult> answer, CancellationToken ct)
        where TResult : IResult
    {
        var count = SitePerformance.DefaultDays;
        if (days is not null && (!int.TryParse(days, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count is < 1 or > SitePerformance.MaxDays))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["days"] = [$"'days' must be a whole number from 1 to {SitePerformance.MaxDays}."] },
                title: "The query is not valid.");
        }

        if (await sites.FindAsync(id, ct) is not { } site)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.", detail: $"No site has id {id}.");

        return answer(await performance.ReportAsync(site, count, ct));
    }
}
