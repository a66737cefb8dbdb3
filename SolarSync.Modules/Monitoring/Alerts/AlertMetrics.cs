using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SolarSync.Modules.Monitoring.Alerts.Rules;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Monitoring.Alerts;

/// <summary>
/// The alerts' instruments on the SolarSync meter. The active counts are those of the last evaluation or of the
/// half-minute refresh (<see cref="AlertGaugeRefresh"/>), every rule listed, 0 when quiet, so "absent" never stands for "fine".
/// </summary>
internal sealed class AlertMetrics
{
    private readonly ConcurrentDictionary<string, int> active = new(AlertRuleNames.All.Select(r => KeyValuePair.Create(r, 0)));
    private readonly Counter<long> deliveries;

    public AlertMetrics(SolarSyncMetrics metrics)
    {
        metrics.Meter.CreateObservableGauge("solarsync.alerts.active",
            () => active.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("rule", kv.Key))),
            description: "Active alerts by rule, as the last alert evaluation left them.");
        deliveries = metrics.Meter.CreateCounter<long>("solarsync.alerts.deliveries", "{message}",
            "Alert messages sent to webhooks, by webhook and outcome (delivered, failed: a dead letter).");
    }

    public void Publish(IReadOnlyDictionary<string, int> activeByRule)
    {
        foreach (var rule in active.Keys.Union(activeByRule.Keys).ToList())
            active[rule] = activeByRule.GetValueOrDefault(rule);
    }

    public void Delivered(string webhook, string outcome) => deliveries.Add(1, new("webhook", webhook), new("outcome", outcome));
}
