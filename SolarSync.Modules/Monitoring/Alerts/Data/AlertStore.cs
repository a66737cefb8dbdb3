using Dapper;
using Npgsql;
using SolarSync.Modules.Monitoring.Alerts.Rules;

namespace SolarSync.Modules.Monitoring.Alerts.Data;

/// <summary>An alert as stored and listed: active while <see cref="ResolvedAt"/> is null.</summary>
internal sealed record AlertRecord(
    long Id, string Rule, string Subject, string Severity, string Message, bool IsEvent, DateTimeOffset FiredAt,
    DateTimeOffset LastNotifiedAt, int Notifications, DateTimeOffset? ResolvedAt);

/// <summary>What one evaluation changed, and the active alerts per rule afterwards.</summary>
internal sealed record AlertChanges(int Fired, int Repeated, int Resolved, IReadOnlyDictionary<string, int> ActiveByRule);

/// <summary>
/// monitoring.alerts and the outbox monitoring.alert_deliveries. One evaluation is one transaction under an advisory
/// lock: the state changes and the messages they cause are committed together, so a retried or concurrent evaluation
/// finds the alert already active and never queues a second "fired".
/// </summary>
internal sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, rule, subject, severity, message, is_event, fired_at, last_notified_at, notifications, resolved_at";

    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtext('monitoring.alerts'))";

    private const string ActiveSql = $"SELECT {Columns} FROM monitoring.alerts WHERE resolved_at IS NULL AND NOT is_event";

    private const string FireSql = """
        INSERT INTO monitoring.alerts (rule, subject, severity, message, fired_at, last_notified_at)
        VALUES (@Rule, @Subject, @Severity, @Message, @now, @now) RETURNING id
        """;

    // An event is resolved as it fires; the partial unique index turns a second sighting into nothing.
    private const string EventSql = """
        INSERT INTO monitoring.alerts (rule, subject, severity, message, is_event, fired_at, last_notified_at, resolved_at)
        VALUES (@Rule, @Subject, @Severity, @Message, true, @now, @now, @now)
        ON CONFLICT (rule, subject) WHERE is_event DO NOTHING
        RETURNING id
        """;

    private const string RefreshSql = """
        UPDATE monitoring.alerts SET severity = @Severity, message = @Message,
            last_notified_at = CASE WHEN @notify THEN @now ELSE last_notified_at END,
            notifications = notifications + CASE WHEN @notify THEN 1 ELSE 0 END
        WHERE id = @Id
        """;

    private const string ResolveSql = "UPDATE monitoring.alerts SET resolved_at = @now WHERE id = @Id";

    private const string EnqueueSql = """
        INSERT INTO monitoring.alert_deliveries (alert_id, webhook, kind, message, created_at)
        SELECT @alertId, w, @kind, @message, @now FROM unnest(@webhooks) AS w
        """;

    private const string ActiveByRuleSql = """
        SELECT rule, count(*)::integer FROM monitoring.alerts WHERE resolved_at IS NULL GROUP BY rule
        """;

    // Active ones first (newest fired first), then the rest by when they fired.
    private const string ListSql = $"""
        SELECT {Columns} FROM monitoring.alerts
        WHERE NOT @activeOnly OR resolved_at IS NULL
        ORDER BY resolved_at IS NOT NULL, fired_at DESC, id DESC
        LIMIT @limit
        """;

    /// <summary>
    /// Makes the stored alerts match what the rules found at <paramref name="now"/>: a new condition fires, an active
    /// one is notified again once <paramref name="repeatEvery"/> has passed since its last notice, an active one no
    /// longer found resolves (unless its rule is in <paramref name="unknownRules"/>: a rule that could not be evaluated
    /// says nothing about its alerts). Each notice is queued for every webhook in <paramref name="webhooks"/>.
    /// </summary>
    public async Task<AlertChanges> ApplyAsync(DateTimeOffset now, IReadOnlyList<AlertCondition> found, IReadOnlySet<string> unknownRules,
        TimeSpan repeatEvery, IReadOnlyList<string> webhooks, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(LockSql, transaction: tx, cancellationToken: ct));
        var active = (await conn.QueryAsync<AlertRow>(new CommandDefinition(ActiveSql, transaction: tx, cancellationToken: ct)))
            .ToDictionary(a => (a.Rule, a.Subject));
        var webhookNames = webhooks.ToArray();
        int fired = 0, repeated = 0, resolved = 0;

        async Task EnqueueAsync(long alertId, string kind, string message) =>
            await conn.ExecuteAsync(new CommandDefinition(EnqueueSql, new { alertId, kind, message, now, webhooks = webhookNames }, tx, cancellationToken: ct));

        foreach (var condition in found.DistinctBy(c => (c.Rule, c.Subject)))
        {
            var args = new { condition.Rule, condition.Subject, Severity = SeverityName(condition.Severity), condition.Message, now };
            if (condition.IsEvent)
            {
                if (await conn.ExecuteScalarAsync<long?>(new CommandDefinition(EventSql, args, tx, cancellationToken: ct)) is { } eventId)
                {
                    await EnqueueAsync(eventId, "fired", condition.Message);
                    fired++;
                }
            }
            else if (active.Remove((condition.Rule, condition.Subject), out var alert))
            {
                var notify = now - alert.LastNotifiedAt.ToUtc() >= repeatEvery;
                await conn.ExecuteAsync(new CommandDefinition(RefreshSql,
                    new { alert.Id, args.Severity, condition.Message, notify, now }, tx, cancellationToken: ct));
                if (!notify) continue;
                await EnqueueAsync(alert.Id, "repeat", condition.Message);
                repeated++;
            }
            else
            {
                var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(FireSql, args, tx, cancellationToken: ct));
                await EnqueueAsync(id, "fired", condition.Message);
                fired++;
            }
        }

        foreach (var alert in active.Values.Where(a => !unknownRules.Contains(a.Rule)))
        {
            await conn.ExecuteAsync(new CommandDefinition(ResolveSql, new { alert.Id, now }, tx, cancellationToken: ct));
            await EnqueueAsync(alert.Id, "resolved", alert.Message);
            resolved++;
        }

        var byRule = (await conn.QueryAsync<(string Rule, int Count)>(new CommandDefinition(ActiveByRuleSql, transaction: tx, cancellationToken: ct)))
            .ToDictionary(r => r.Rule, r => r.Count);
        await tx.CommitAsync(ct);
        return new AlertChanges(fired, repeated, resolved, byRule);
    }

    /// <summary>The active alerts per rule (rules without any left out).</summary>
    public async Task<IReadOnlyDictionary<string, int>> ActiveByRuleAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string Rule, int Count)>(new CommandDefinition(ActiveByRuleSql, cancellationToken: ct));
        return rows.ToDictionary(r => r.Rule, r => r.Count);
    }

    /// <summary>Active alerts first, then resolved ones and events, newest fired first; at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AlertRecord>> ListAsync(bool activeOnly, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<AlertRow>(new CommandDefinition(ListSql, new { activeOnly, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public static string SeverityName(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    private sealed record AlertRow(
        long Id, string Rule, string Subject, string Severity, string Message, bool IsEvent, DateTime FiredAt,
        DateTime LastNotifiedAt, int Notifications, DateTime? ResolvedAt)
    {
        public AlertRecord ToRecord() => new(Id, Rule, Subject, Severity, Message, IsEvent, FiredAt.ToUtc(), LastNotifiedAt.ToUtc(), Notifications,
            ResolvedAt?.ToUtc());
    }
}
