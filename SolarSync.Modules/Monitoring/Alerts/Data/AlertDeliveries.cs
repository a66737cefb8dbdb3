using Dapper;
using Npgsql;

namespace SolarSync.Modules.Monitoring.Alerts.Data;

/// <summary>A queued webhook message with the alert it is about.</summary>
internal sealed record PendingDelivery(
    long Id, string Webhook, string Kind, string Message, DateTimeOffset CreatedAt, long AlertId, string Rule, string Subject, string Severity,
    DateTimeOffset FiredAt, DateTimeOffset? ResolvedAt);

/// <summary>The outbox's read and the two ends of a delivery: delivered, or a dead letter with the last error.</summary>
internal sealed class AlertDeliveries(NpgsqlDataSource dataSource)
{
    private const string PendingSql = """
        SELECT d.id, d.webhook, d.kind, d.message, d.created_at, a.id AS alert_id, a.rule, a.subject, a.severity, a.fired_at, a.resolved_at
        FROM monitoring.alert_deliveries d JOIN monitoring.alerts a ON a.id = d.alert_id
        WHERE d.delivered_at IS NULL AND d.failed_at IS NULL
        ORDER BY d.id
        LIMIT @limit
        """;

    private const string DeliveredSql = "UPDATE monitoring.alert_deliveries SET delivered_at = @now WHERE id = @Id";

    private const string FailedSql = "UPDATE monitoring.alert_deliveries SET failed_at = @now, last_error = @error WHERE id = @Id";

    /// <summary>The oldest <paramref name="limit"/> messages neither delivered nor given up, in the order they were queued.</summary>
    public async Task<IReadOnlyList<PendingDelivery>> PendingAsync(int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(PendingSql, new { limit }, cancellationToken: ct));
        return rows.Select(r => new PendingDelivery(r.Id, r.Webhook, r.Kind, r.Message, r.CreatedAt.ToUtc(), r.AlertId, r.Rule, r.Subject, r.Severity,
            r.FiredAt.ToUtc(), r.ResolvedAt?.ToUtc())).ToList();
    }

    public async Task MarkDeliveredAsync(long id, DateTimeOffset now)
    {
        // Not the job's token: a message that went out must be recorded as sent even when the job is being stopped.
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(DeliveredSql, new { Id = id, now });
    }

    public async Task MarkFailedAsync(long id, DateTimeOffset now, string error)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(FailedSql, new { Id = id, now, error = error.Length > 2000 ? error[..2000] : error });
    }

    private sealed record Row(
        long Id, string Webhook, string Kind, string Message, DateTime CreatedAt, long AlertId, string Rule, string Subject, string Severity,
        DateTime FiredAt, DateTime? ResolvedAt);
}
