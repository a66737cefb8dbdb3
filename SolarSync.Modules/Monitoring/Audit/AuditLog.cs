using Dapper;
using Npgsql;
using SolarSync.Modules.Monitoring.Contracts;

namespace SolarSync.Modules.Monitoring.Audit;

/// <summary>An audit row as GET /admin/audit returns it.</summary>
internal sealed record AuditEntry(
    long Id, DateTimeOffset OccurredAt, string Client, string Action, string Method, string Route, string? Target,
    int StatusCode, bool Succeeded, string? RemoteIp);

internal sealed class AuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    private const string InsertSql = """
        INSERT INTO monitoring.audit_log (occurred_at, client, action, method, route, target, status_code, remote_ip)
        VALUES (@OccurredAt, @Client, @Action, @Method, @Route, @Target, @StatusCode, @RemoteIp)
        """;

    // limit + 1 rows tell the caller whether older entries are left.
    private const string QuerySql = """
        SELECT id, occurred_at, client, action, method, route, target, status_code, succeeded, remote_ip
        FROM monitoring.audit_log
        WHERE (@from::timestamptz IS NULL OR occurred_at >= @from)
          AND (@to::timestamptz IS NULL OR occurred_at < @to)
          AND (@action::text IS NULL OR action = @action)
        ORDER BY occurred_at DESC, id DESC
        LIMIT @limit
        """;

    public async Task RecordAsync(AdminAction action, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            OccurredAt = action.OccurredAt.ToUniversalTime(),
            action.Client,
            action.Action,
            action.Method,
            action.Route,
            action.Target,
            action.StatusCode,
            action.RemoteIp,
        }, cancellationToken: ct));
    }

    /// <summary>Newest first, at most <paramref name="limit"/> entries, and whether older ones matched too.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, bool More)> QueryAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? action, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<AuditRow>(new CommandDefinition(QuerySql,
            new { from = from?.ToUniversalTime(), to = to?.ToUniversalTime(), action, limit = limit + 1 }, cancellationToken: ct))).ToList();
        return (rows.Take(limit).Select(r => r.ToEntry()).ToList(), rows.Count > limit);
    }

    private sealed record AuditRow(
        long Id, DateTime OccurredAt, string Client, string Action, string Method, string Route, string? Target,
        int StatusCode, bool Succeeded, string? RemoteIp)
    {
        public AuditEntry ToEntry() => new(
            Id, new DateTimeOffset(DateTime.SpecifyKind(OccurredAt, DateTimeKind.Utc)), Client, Action, Method, Route, Target,
            StatusCode, Succeeded, RemoteIp);
    }
}
