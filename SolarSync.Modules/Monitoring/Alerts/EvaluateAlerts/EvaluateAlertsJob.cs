using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Monitoring.Alerts.Data;
using SolarSync.Modules.Monitoring.Alerts.Delivery;
using SolarSync.Modules.Monitoring.Alerts.Rules;

namespace SolarSync.Modules.Monitoring.Alerts.EvaluateAlerts;

/// <summary>
/// monitoring:evaluate-alerts: runs every rule, commits the alerts' new state with the messages it causes (one
/// transaction), then sends the queued messages. Sending comes after the commit, so a slow or dead webhook never holds
/// up the evaluation, and a retried run finds its alerts already fired. Events of other modules (a retrain that failed,
/// a promotion, a rollback) are read from what those modules stored, so they alert within one run of happening.
/// </summary>
internal sealed class EvaluateAlertsJob(
    IEnumerable<IAlertRule> rules,
    AlertStore store,
    WebhookSender sender,
    AlertMetrics metrics,
    IOptions<AlertsOptions> options,
    TimeProvider clock,
    ILogger<EvaluateAlertsJob> logger)
{
    public const string Id = "monitoring:evaluate-alerts";

    // The next scheduled run is the retry: a failed run stays visible in the dashboard instead of piling up retries.
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var changes = await EvaluateAsync(ct);
        if (changes.Fired + changes.Repeated + changes.Resolved > 0)
            logger.LogInformation("Alerts: {Fired} fired, {Repeated} repeated, {Resolved} resolved", changes.Fired, changes.Repeated, changes.Resolved);
        await sender.SendPendingAsync(ct);
    }

    /// <summary>Evaluates the rules and commits the result, without sending anything.</summary>
    public async Task<AlertChanges> EvaluateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var found = new List<AlertCondition>();
        var unknown = new HashSet<string>();
        foreach (var rule in rules)
        {
            try
            {
                found.AddRange(await rule.EvaluateAsync(now, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its active alerts stay as they are: a rule that cannot look has not seen its condition clear.
                logger.LogError(e, "Alert rule {Rule} could not be evaluated", rule.Name);
                unknown.Add(rule.Name);
            }
        }

        var current = options.Value;
        var changes = await store.ApplyAsync(now, found, unknown, TimeSpan.FromMinutes(current.RepeatMinutes), [.. current.Webhooks.Keys], ct);
        metrics.Publish(changes.ActiveByRule);
        return changes;
    }
}
