using System.Globalization;
using SolarSync.Modules.Prediction.Contracts;

namespace SolarSync.Modules.Monitoring.Alerts.Rules;

/// <summary>A site's forecasts drifted (the daily evaluation's alarm, docs/operations.md "Alerts").</summary>
internal sealed class ForecastDriftAlert(IForecastDrift drift) : IAlertRule
{
    public string Name => AlertRuleNames.ForecastDrift;

    public async Task<IReadOnlyList<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var sites = await drift.DriftingSitesAsync(DateOnly.FromDateTime(now.UtcDateTime), ct);
        return sites.Select(s => new AlertCondition(Name, $"site/{s.SiteId}", AlertSeverity.Warning, string.Create(CultureInfo.InvariantCulture,
            $"Site {s.SiteId}: forecasts drifted; realized nMAE {s.NmaePct:0.0} % on {s.LastDay:yyyy-MM-dd} against the model's test nMAE of {s.ModelTestNmaePct:0.0} %, three days running."))).ToList();
    }
}
