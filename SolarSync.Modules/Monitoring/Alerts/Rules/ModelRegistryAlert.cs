using Microsoft.Extensions.Options;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Monitoring.Alerts.Rules;

/// <summary>
/// A model promoted to Production or rolled back, within the last Alerts:EventLookbackMinutes: an event, announced
/// once. Subject: type/version/time, so a version promoted again is a new event.
/// </summary>
internal sealed class ModelRegistryAlert(IModelCatalog catalog, IOptions<AlertsOptions> options) : IAlertRule
{
    public string Name => "model-registry";

    public async Task<IReadOnlyList<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var events = await catalog.EventsSinceAsync(now.AddMinutes(-options.Value.EventLookbackMinutes), ct);
        return events.Select(ToCondition).ToList();
    }

    private static AlertCondition ToCondition(RegistryEvent e)
    {
        var type = e.Type.ToDbName();
        var subject = $"{type}/{e.Version}/{e.At:yyyyMMdd'T'HHmmss.ffffff'Z'}";
        return e.Kind == RegistryEvent.RolledBack
            ? new AlertCondition(AlertRuleNames.ModelRolledBack, subject, AlertSeverity.Warning,
                $"The {type} model {e.Version} was rolled back at {e.At:yyyy-MM-dd'T'HH:mm:ss'Z'}; now serving {e.ServingVersion ?? "the physical model"}.", IsEvent: true)
            : new AlertCondition(AlertRuleNames.ModelPromoted, subject, AlertSeverity.Info,
                $"The {type} model {e.Version} became Production at {e.At:yyyy-MM-dd'T'HH:mm:ss'Z'}.", IsEvent: true);
    }
}
