using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Shared.Http;

namespace SolarSync.Modules.Monitoring.Audit;

/// <summary>A page of the audit log, newest first; <see cref="More"/> says older entries matched too (pass the oldest occurred_at as to).</summary>
internal sealed record AuditPage(DateTimeOffset? From, DateTimeOffset? To, string? Action, int Limit, IReadOnlyList<AuditEntry> Entries, bool More);

internal static class AuditEndpoint
{
    private const string Example = """
        {"from": "2026-12-01T00:00:00Z", "to": null, "action": null, "limit": 100, "more": false,
         "entries": [{"id": 42, "occurred_at": "2026-12-06T10:15:02.31Z", "client": "ops", "action": "model.rollback", "method": "POST",
                      "route": "/admin/model/{type}/rollback", "target": "solar", "status_code": 200, "succeeded": true, "remote_ip": "10.0.0.7"}]}
        """;

    public static void MapAudit(this IEndpointRouteBuilder app, string adminPolicy) =>
        app.MapGet("/admin/audit", GetAuditAsync)
            .WithTags("Audit")
            .WithName("GetAuditLog")
            .WithSummary("Admin actions (who, what, when, outcome), newest first (admin).")
            .WithDescription("Recorded: every state-changing request of an authenticated client to an admin endpoint, carried out or refused. "
                + "from/to: ISO 8601 dates or date-times, UTC unless an offset is given, to exclusive; action: one action name such as site.create; "
                + $"limit: 1–{AuditQueryParser.MaxLimit}, default {AuditQueryParser.DefaultLimit}. more is true when older entries matched too.")
            .WithResponseExample(StatusCodes.Status200OK, Example)
            .RequireAuthorization(adminPolicy);

    // Every parameter arrives as text so that "abc" gets the same problem naming the field as an out-of-range value.
    internal static async Task<Results<Ok<AuditPage>, ValidationProblem>> GetAuditAsync(
        string? from, string? to, string? action, string? limit, AuditLog audit, CancellationToken ct)
    {
        if (AuditQueryParser.TryParse(from, to, action, limit, out var errors) is not { } query)
            return TypedResults.ValidationProblem(errors, title: "The query is not valid.");
        var (entries, more) = await audit.QueryAsync(query.From, query.To, query.Action, query.Limit, ct);
        return TypedResults.Ok(new AuditPage(query.From, query.To, query.Action, query.Limit, entries, more));
    }
}
