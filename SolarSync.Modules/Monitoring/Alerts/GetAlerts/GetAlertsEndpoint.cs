using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Monitoring.Alerts.Data;
using SolarSync.Modules.Shared.Http;

namespace SolarSync.Modules.Monitoring.Alerts.GetAlerts;

/// <summary>One alert as GET /admin/alerts lists it; <see cref="Active"/> while not resolved (an event is resolved as it fires).</summary>
internal sealed record AlertView(
    long Id, string Rule, string Subject, string Severity, string Message, bool Active, bool IsEvent, DateTimeOffset FiredAt,
    DateTimeOffset LastNotifiedAt, int Notifications, DateTimeOffset? ResolvedAt);

internal sealed record AlertList(string State, int Limit, int Active, IReadOnlyList<AlertView> Alerts);

internal static class GetAlertsEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private const string Example = """
        {"state": "all", "limit": 100, "active": 1,
         "alerts": [{"id": 7, "rule": "collection-failed", "subject": "forecast/open-meteo/site/1", "severity": "critical",
                     "message": "Collection 'forecast' from open-meteo for site 1 failed 3 times in a row; last at 2026-12-06T10:05:02Z: …",
                     "active": true, "is_event": false, "fired_at": "2026-12-06T10:06:00Z", "last_notified_at": "2026-12-06T10:06:00Z",
                     "notifications": 1, "resolved_at": null}]}
        """;

    public static void MapGetAlerts(this IEndpointRouteBuilder app, string adminPolicy) =>
        app.MapGet("/admin/alerts", GetAlertsAsync)
            .WithTags("Alerts")
            .WithName("GetAlerts")
            .WithSummary("Active alerts first, then recently resolved ones and events, newest first (admin).")
            .WithDescription("state: active (only unresolved alerts) or all (default); "
                + $"limit: 1–{MaxLimit}, default {DefaultLimit}. active counts the unresolved alerts in the answer.")
            .WithResponseExample(StatusCodes.Status200OK, Example)
            .RequireAuthorization(adminPolicy);

    // Parameters arrive as text so that a bad value gets a problem naming its field, like the other admin reads.
    internal static async Task<Results<Ok<AlertList>, ValidationProblem>> GetAlertsAsync(string? state, string? limit, AlertStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        state ??= "all";
        if (state is not ("active" or "all"))
            errors["state"] = [$"'state' must be 'active' or 'all', not '{state}'."];
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
            errors["limit"] = [$"'limit' must be a whole number from 1 to {MaxLimit}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query is not valid.");

        var alerts = (await store.ListAsync(state == "active", count, ct))
            .Select(a => new AlertView(a.Id, a.Rule, a.Subject, a.Severity, a.Message, a.ResolvedAt is null, a.IsEvent, a.FiredAt,
                a.LastNotifiedAt, a.Notifications, a.ResolvedAt))
            .ToList();
        return TypedResults.Ok(new AlertList(state, count, alerts.Count(a => a.Active), alerts));
    }
}
