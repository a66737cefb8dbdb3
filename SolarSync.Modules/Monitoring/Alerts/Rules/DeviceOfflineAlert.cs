using SolarSync.Modules.Devices.Contracts;

namespace SolarSync.Modules.Monitoring.Alerts.Rules;

/// <summary>A registered device sent no telemetry for Devices:OfflineAfterMinutes; nothing fires while no device is registered.</summary>
internal sealed class DeviceOfflineAlert(IDeviceSummary devices) : IAlertRule
{
    public string Name => AlertRuleNames.DeviceOffline;

    public async Task<IReadOnlyList<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var offline = await devices.OfflineAsync(now, ct);
        return offline.Select(d => new AlertCondition(Name, $"device/{d.DeviceId}", AlertSeverity.Warning,
            $"Device {d.DeviceId} (site {d.SiteId}) sent no telemetry for more than {d.OfflineAfterMinutes} minutes; "
            + (d.LastSeenAt is { } seen ? $"last message at {seen:yyyy-MM-dd'T'HH:mm:ss'Z'}." : $"never heard from since it was registered at {d.RegisteredAt:yyyy-MM-dd'T'HH:mm:ss'Z'}.")))
            .ToList();
    }
}
