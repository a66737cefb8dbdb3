using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Contracts;

namespace SolarSync.Modules.Monitoring.Alerts.Rules;

/// <summary>
/// The last Alerts:CollectionFailuresInRow collection runs of one kind, source and site all failed (an upstream weather
/// service down, the telemetry roll-up unable to store). Subject: kind/source/site.
/// </summary>
internal sealed class CollectionFailedAlert(ICollectionRuns runs, IOptions<AlertsOptions> options) : IAlertRule
{
    // A group that has not run for a week (its site deleted, its source switched off) no longer alarms.
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(7);

    public string Name => AlertRuleNames.CollectionFailed;

    public async Task<IReadOnlyList<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var inRow = options.Value.CollectionFailuresInRow;
        var streaks = await runs.FailureStreaksAsync(now - Lookback, ct);
        return streaks.Where(s => s.Failures >= inRow)
            .Select(s => new AlertCondition(Name, $"{s.Kind}/{s.Source}/site/{s.SiteId?.ToString() ?? "none"}", AlertSeverity.Critical,
                $"Collection '{s.Kind}' from {s.Source}{(s.SiteId is { } site ? $" for site {site}" : "")} failed {s.Failures} times in a row; "
                + $"last at {s.LastFailedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}: {s.LastError ?? "no error recorded"}"))
            .ToList();
    }
}
