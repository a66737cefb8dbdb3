using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.GetHistory;

/// <summary>A checked history request: whole UTC hours [<see cref="From"/>, <see cref="To"/>) of a registered site.</summary>
internal sealed record HistoryRequest(Site Site, DateTimeOffset From, DateTimeOffset To, ForecastLead Lead);

/// <summary>
/// The query of the history endpoints (JSON and CSV): from/to as ISO 8601 dates or date-times (UTC unless an offset
/// is given), rounded down to whole hours, to exclusive, at most <see cref="MaxDays"/> days; lead day-ahead|6h|latest.
/// </summary>
internal static class HistoryQuery
{
    public const int DefaultDays = 7;
    public const int MaxDays = 92;

    public static readonly DateTimeOffset FirstTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LastTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // "2026-12-06", "2026-12-06T10:00", "2026-12-06T10:00:00", with fractions, "Z" or an offset.
    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>
    /// The answer <paramref name="answer"/> makes of a valid request; otherwise a 400 problem naming each bad field, or
    /// 404 for an unknown site.
    /// </summary>
    public static async Task<Results<TResult, ValidationProblem, ProblemHttpResult>> AnswerAsync<TResult>(
        long id, string? from, string? to, string? lead, ISiteDirectory sites, TimeProvider clock, Func<HistoryRequest, TResult> answer,
        CancellationToken ct)
        where TResult : IResult
    {
        var errors = new Dictionary<string, string[]>();
        var start = ParseHour("from", from, errors);
        var end = ParseHour("to", to, errors);
        var forecastLead = ForecastLead.DayAhead;
        if (lead is not null)
        {
            if (ForecastLeads.TryParse(lead, out var parsed)) forecastLead = parsed.Value;
            else errors["lead"] = [$"'lead' must be '{ForecastLeads.DayAheadName}', '{ForecastLeads.SixHoursName}' or '{ForecastLeads.LatestName}', not '{lead}'."];
        }

        if (errors.Count == 0)
        {
            var until = end ?? Floor(clock.GetUtcNow());
            var since = start ?? (until.AddDays(-DefaultDays) > FirstTime ? until.AddDays(-DefaultDays) : FirstTime);
            if (until <= since)
                errors["to"] = [$"'to' ({until:yyyy-MM-dd'T'HH:mm'Z'}) must be after 'from' ({since:yyyy-MM-dd'T'HH:mm'Z'}), both rounded down to whole hours."];
            else if (until - since > TimeSpan.FromDays(MaxDays))
                errors["to"] = [$"A request covers at most {MaxDays} days; 'from' to 'to' spans {(until - since).TotalDays:0.##}."];
            (start, end) = (since, until);
        }

        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query is not valid.");
        if (await sites.FindAsync(id, ct) is not { } site)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.", detail: $"No site has id {id}.");
        return answer(new HistoryRequest(site, start!.Value, end!.Value, forecastLead));
    }

    private static DateTimeOffset? ParseHour(string name, string? text, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (!DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            errors[name] = [$"'{name}' must be an ISO 8601 date or date-time such as 2026-12-06 or 2026-12-06T10:00:00Z, not '{text}'."];
            return null;
        }

        var hour = Floor(time);
        if (hour < FirstTime || hour > LastTime)
        {
            errors[name] = [$"'{name}' must lie from {FirstTime:yyyy-MM-dd} to {LastTime:yyyy-MM-dd}, not {hour:yyyy-MM-dd'T'HH:mm'Z'}."];
            return null;
        }

        return hour;
    }

    private static DateTimeOffset Floor(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
}
