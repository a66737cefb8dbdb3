using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolarSync.Modules.Monitoring.Alerts.Data;

namespace SolarSync.Modules.Monitoring.Alerts;

/// <summary>
/// Reads the active alerts per rule into the gauge every half minute on every host, not only on the one whose Hangfire
/// worker ran the evaluation, so that each host's /metrics tells the same (architecture §9, several hosts).
/// </summary>
internal sealed class AlertGaugeRefresh(AlertStore store, AlertMetrics metrics, TimeProvider clock, ILogger<AlertGaugeRefresh> logger)
    : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                metrics.Publish(await store.ActiveByRuleAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the active alerts for the gauge; it keeps its last values");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
