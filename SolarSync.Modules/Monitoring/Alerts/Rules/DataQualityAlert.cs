using System.Globalization;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Monitoring.Alerts.Rules;

/// <summary>A site's data quality of its latest scored day (today or yesterday, UTC) is below Alerts:MinQuality.</summary>
internal sealed class DataQualityAlert(IDailyQualityReader quality, IOptions<AlertsOptions> options) : IAlertRule
{
    public string Name => AlertRuleNames.DataQuality;

    public async Task<IReadOnlyList<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = await quality.ReadAsync(null, today.AddDays(-1), today, ct);
        var min = options.Value.MinQuality;
        return days.GroupBy(d => d.SiteId)
            .Select(site => site.MaxBy(d => d.Day)!)
            .Where(d => d.Score < min)
            .Select(d => new AlertCondition(Name, $"site/{d.SiteId}", AlertSeverity.Warning, string.Create(CultureInfo.InvariantCulture,
                $"Site {d.SiteId}: data quality {d.Score:0.00} on {d.Day:yyyy-MM-dd} is below {min:0.00} (completeness {d.Completeness:0.00}, validity {d.Validity:0.00}, consistency {d.Consistency:0.00}).")))
            .ToList();
    }
}
