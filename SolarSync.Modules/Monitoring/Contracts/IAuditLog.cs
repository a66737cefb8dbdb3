namespace SolarSync.Modules.Monitoring.Contracts;

/// <summary>
/// One admin action as the host saw it: who (the API key's client name), what (an action name such as
/// <c>site.create</c>, the HTTP method, the route pattern and the target from its route values), when (UTC, when the
/// request arrived) and how it ended (the response's status code; below 400 is a success).
/// </summary>
public sealed record AdminAction(
    DateTimeOffset OccurredAt, string Client, string Action, string Method, string Route, string? Target, int StatusCode, string? RemoteIp);

/// <summary>The audit log of admin actions (monitoring.audit_log); the host records, GET /admin/audit reads.</summary>
public interface IAuditLog
{
    Task RecordAsync(AdminAction action, CancellationToken ct);
}
