using System.Globalization;
using System.Text.RegularExpressions;

namespace SolarSync.Modules.Monitoring.Audit;

/// <summary>A checked GET /admin/audit query: entries in [<see cref="From"/>, <see cref="To"/>), of one action or all.</summary>
internal sealed record AuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? Action, int Limit);

/// <summary>
/// Reads the query of GET /admin/audit: from/to ISO 8601 dates or date-times (UTC unless an offset is given), to
/// exclusive, either may be left out; action an action name; limit 1–<see cref="MaxLimit"/> (default
/// <see cref="DefaultLimit"/>). Every bad field is named, as the other endpoints' 400 problems do.
/// </summary>
internal static partial class AuditQueryParser
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    // "2026-12-06", "2026-12-06T10:00", "2026-12-06T10:00:00", with fractions, "Z" or an offset.
    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static AuditQuery? TryParse(string? from, string? to, string? action, string? limit, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var start = ParseTime("from", from, errors);
        var end = ParseTime("to", to, errors);
        if (start is not null && end is not null && end <= start)
            errors["to"] = [$"'to' ({end:yyyy-MM-dd'T'HH:mm:ss'Z'}) must be after 'from' ({start:yyyy-MM-dd'T'HH:mm:ss'Z'})."];

        if (action is not null && !ActionName().IsMatch(action))
            errors["action"] = [$"'action' must be an action name such as site.create or model.rollback, not '{action}'."];

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
            errors["limit"] = [$"'limit' must be a whole number from 1 to {MaxLimit}."];

        return errors.Count == 0 ? new AuditQuery(start, end, action, count) : null;
    }

    private static DateTimeOffset? ParseTime(string name, string? text, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        errors[name] = [$"'{name}' must be an ISO 8601 date or date-time such as 2026-12-06 or 2026-12-06T10:00:00Z, not '{text}'."];
        return null;
    }

    // Lower-case words joined by dots, dashes or underscores, at most 64 characters.
    [GeneratedRegex("^(?=.{1,64}$)[a-z][a-z0-9]*([._-][a-z0-9]+)*$")]
    private static partial Regex ActionName();
}
