using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authorization;
using SolarSync.Modules.Monitoring.Contracts;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.Security;

/// <summary>
/// Records in the audit log (monitoring.audit_log) every state-changing request an authenticated client makes to an
/// endpoint that requires the admin policy, with the status it got: actions carried out and refused (403, other
/// 4xx) alike. It runs between authentication and authorization, so it knows who asked and sees authorization's
/// refusals; an endpoint filter would see only what authorization let through, and never the job dashboard.
/// Requests without a valid key (401) are not recorded: nobody is known to have asked, and anyone could fill the table.
/// A failed audit write is logged with the whole action and counted (solarsync_audit_write_failures_total), and the
/// response stands: the action has happened, and turning its answer into a 500 would tell the client it had not.
/// </summary>
internal sealed class AdminAuditMiddleware(
    RequestDelegate next, IAuditLog audit, TimeProvider clock, SolarSyncMetrics metrics, ILogger<AdminAuditMiddleware> logger)
{
    private const int MaxTargetLength = 200;

    private readonly Counter<long> writeFailures = metrics.Meter.CreateCounter<long>("solarsync.audit.write_failures", "{action}",
        "Admin actions whose audit row could not be written; each is logged instead.");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsAdminAction(context, out var endpoint, out var route))
        {
            await next(context);
            return;
        }

        var occurredAt = clock.GetUtcNow();
        int status;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch (Exception e)
        {
            // What the exception handler further out answers.
            await RecordAsync(context, endpoint, route, occurredAt, e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
            throw;
        }

        await RecordAsync(context, endpoint, route, occurredAt, status);
    }

    private static bool IsAdminAction(HttpContext context, [NotNullWhen(true)] out RouteEndpoint? endpoint, [NotNullWhen(true)] out string? route)
    {
        endpoint = context.GetEndpoint() as RouteEndpoint;
        route = null;
        var method = context.Request.Method;
        if (endpoint is null || context.User.Identity?.IsAuthenticated != true
            || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
            || !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AuthorizationPolicies.Admin))
            return false;
        route = AdminActionNames.RouteOf(endpoint.RoutePattern);
        return !AdminActionNames.IsRead(route, context.Request.RouteValues);
    }

    private async Task RecordAsync(HttpContext context, RouteEndpoint endpoint, string route, DateTimeOffset occurredAt, int status)
    {
        var method = context.Request.Method.ToUpperInvariant();
        var action = new AdminAction(
            occurredAt, context.User.Identity?.Name ?? "unknown", AdminActionNames.For(method, route), method, route,
            TargetOf(context, endpoint), status, context.Connection.RemoteIpAddress?.ToString());
        try
        {
            await audit.RecordAsync(action, CancellationToken.None);
        }
        catch (Exception e)
        {
            writeFailures.Add(1);
            logger.LogError(e, "Could not write the audit row of {Action} {Method} {Route} (target {Target}) by {Client}: status {Status} at {OccurredAt:O}",
                action.Action, action.Method, action.Route, action.Target, action.Client, action.StatusCode, action.OccurredAt);
        }
    }

    /// <summary>
    /// The route's values in pattern order ("solar/20261122T020000Z"); for a create, which has none, the last segment
    /// of the Location it answered with (the new site's id, the retrain's job id).
    /// </summary>
    private static string? TargetOf(HttpContext context, RouteEndpoint endpoint)
    {
        var values = endpoint.RoutePattern.Parameters
            .Select(p => context.Request.RouteValues.TryGetValue(p.Name, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null)
            .Where(v => !string.IsNullOrEmpty(v))
            .ToList();
        var target = values.Count > 0 ? string.Join('/', values) : LastSegment(context.Response.Headers.Location.ToString());
        return target is { Length: > MaxTargetLength } ? target[..MaxTargetLength] : target;
    }

    private static string? LastSegment(string location) =>
        string.IsNullOrEmpty(location) ? null : location.Split('?')[0].TrimEnd('/').Split('/')[^1];
}

internal static class AdminAudit
{
    /// <summary>Between UseAuthentication and UseAuthorization (see <see cref="AdminAuditMiddleware"/>).</summary>
    public static IApplicationBuilder UseAdminAudit(this IApplicationBuilder app) => app.UseMiddleware<AdminAuditMiddleware>();
}
