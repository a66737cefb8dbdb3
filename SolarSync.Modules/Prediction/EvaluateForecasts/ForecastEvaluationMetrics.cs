using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SolarSync.Modules.Prediction.Performance;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Prediction.EvaluateForecasts;

/// <summary>
/// The daily evaluation's gauges on the SolarSync meter. They report what the last run found, held in memory: a host
/// that restarts shows them again after its next run.
/// </summary>
internal sealed class ForecastEvaluationMetrics
{
    private readonly ConcurrentDictionary<(long SiteId, string Horizon), double> realizedNmae = new();
    private readonly ConcurrentDictionary<long, int> driftAlarm = new();
    private readonly ConcurrentDictionary<(long SiteId, string Version), double> intervalWidth = new();

    public ForecastEvaluationMetrics(SolarSyncMetrics metrics)
    {
        metrics.Meter.CreateObservableGauge("solarsync.forecast.realized_nmae",
            () => realizedNmae.Select(kv => new Measurement<double>(kv.Value, new("site_id", kv.Key.SiteId), new("horizon", kv.Key.Horizon))),
            description: "Realized nMAE (% of capacity) of the archived forecasts of the previous UTC day, by site and horizon bucket ('all' over every hour).");
        metrics.Meter.CreateObservableGauge("solarsync.forecast.drift_alarm",
            () => driftAlarm.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("site_id", kv.Key))),
            description: "1 when a site's realized daily nMAE exceeded Prediction:DriftFactor × the model's test nMAE on each of the last 3 days, else 0.");
        metrics.Meter.CreateObservableGauge("solarsync.forecast.interval_width",
            () => intervalWidth.Select(kv => new Measurement<double>(kv.Value, new("site_id", kv.Key.SiteId), new("model_version", kv.Key.Version))),
            description: "The factor a model version's 80 % intervals are served at, by site, as adapted to their coverage (1: as calibrated; bounded to 0.2–5).");
    }

    /// <summary>Replaces what the width gauge says about the site with the widths of its recently adapted versions.</summary>
    public void PublishWidths(long siteId, IEnumerable<(string Version, double Width)> widths)
    {
        foreach (var key in intervalWidth.Keys.Where(k => k.SiteId == siteId)) intervalWidth.TryRemove(key, out _);
        foreach (var (version, width) in widths) intervalWidth[(siteId, version)] = width;
    }

    /// <summary>Replaces what the gauges say about the site: the previous day's rows (those with hours) and the alarm.</summary>
    public void Publish(long siteId, IEnumerable<HorizonAccuracy> previousDay, bool drifting)
    {
        foreach (var key in realizedNmae.Keys.Where(k => k.SiteId == siteId)) realizedNmae.TryRemove(key, out _);
        foreach (var row in previousDay.Where(r => r.Hours > 0)) realizedNmae[(siteId, row.Horizon)] = row.NmaePct;
        driftAlarm[siteId] = drifting ? 1 : 0;
    }

    /// <summary>Forgets sites that no longer exist.</summary>
    public void RetainOnly(IReadOnlyCollection<long> siteIds)
    {
        var keep = siteIds.ToHashSet();
        foreach (var key in realizedNmae.Keys.Where(k => !keep.Contains(k.SiteId))) realizedNmae.TryRemove(key, out _);
        foreach (var site in driftAlarm.Keys.Where(s => !keep.Contains(s))) driftAlarm.TryRemove(site, out _);
        foreach (var key in intervalWidth.Keys.Where(k => !keep.Contains(k.SiteId))) intervalWidth.TryRemove(key, out _);
    }
}
