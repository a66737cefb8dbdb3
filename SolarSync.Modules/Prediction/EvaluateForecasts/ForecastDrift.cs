using Microsoft.Extensions.Options;
using SolarSync.Modules.Prediction.Contracts;

namespace SolarSync.Modules.Prediction.EvaluateForecasts;

/// <summary>
/// The drift alarm judged from prediction.forecast_accuracy_daily, on the newest evaluated day of each site rather
/// than on yesterday: before today's evaluation has run, yesterday has no row yet and the alarm would flap.
/// </summary>
internal sealed class ForecastDrift(ForecastAccuracyRepository accuracy, IOptions<ForecastEvaluationOptions> options) : IForecastDrift
{
    public async Task<IReadOnlyList<SiteDrift>> DriftingSitesAsync(DateOnly today, CancellationToken ct)
    {
        var from = today.AddDays(-EvaluateForecastsJob.LookbackDays - DriftRule.Days);
        var days = await accuracy.ReadOverallOfAllSitesAsync(from, today, ct);
        var drifting = new List<SiteDrift>();
        foreach (var site in days.GroupBy(d => d.SiteId))
        {
            var last = site.MaxBy(d => d.Day)!;
            if (last.Day < today.AddDays(-EvaluateForecastsJob.LookbackDays)) continue;
            var daily = site.Select(d => new DailyNmae(d.Day, d.NmaePct, d.ModelTestNmaePct)).ToList();
            if (DriftRule.IsDrifting(daily, last.Day, options.Value.DriftFactor))
                drifting.Add(new SiteDrift(site.Key, last.Day, last.NmaePct, last.ModelTestNmaePct ?? 0));
        }

        return drifting;
    }
}
