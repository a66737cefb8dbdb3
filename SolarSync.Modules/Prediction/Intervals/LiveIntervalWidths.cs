using Microsoft.Extensions.Caching.Memory;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Prediction.Performance;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Intervals;

/// <summary>
/// Adaptive conformal intervals in service (<see cref="AdaptiveIntervals"/>): a model's 80 % intervals were calibrated
/// on days before it was trained, and a season later they can cover less or more. Once a day each model version's width
/// at a site is multiplied by exp(γ·(miss rate − 0.2)), the miss rate being the share of the day's verified hours of
/// that version's archived forecasts that fell outside p10..p90, and its forecasts are served with p10/p90 that many
/// times as far from p50. `evaluate` replays the same rule on its test period. Hours with an empty interval
/// (p10 = p90: a solar night) say nothing about the width and are not counted.
/// </summary>
internal sealed class LiveIntervalWidths(IntervalWidthRepository repository, ForecastArchive archive, IObservationHistory history, IMemoryCache memory)
{
    // The job changes widths once a day; a forecast picks up a change within this.
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Adapts the width of every model version with archived forecasts on the days from <paramref name="from"/> to
    /// <paramref name="through"/> (UTC) at the site, in day order, each day once: days up to the last one a version of
    /// the site was adapted on are passed over without reading them, so re-runs and retries change nothing. Then the
    /// widths of versions not adapted since <paramref name="retireBefore"/> (versions no longer served) are removed.
    /// Returns the site's widths that remain.
    /// </summary>
    public async Task<IReadOnlyCollection<IntervalWidth>> AdaptAsync(Site site, DateOnly from, DateOnly through, DateOnly retireBefore, CancellationToken ct)
    {
        var widths = (await repository.ReadAsync(site.Id, ct)).ToDictionary();
        var adaptedThrough = widths.Values.Select(w => w.ThroughDay).DefaultIfEmpty(DateOnly.MinValue).Max();
        for (var day = from; day <= through; day = day.AddDays(1))
        {
            if (day <= adaptedThrough) continue;
            foreach (var width in await AdaptDayAsync(site, day, widths, ct)) widths[width.ModelVersion] = width;
        }

        await repository.DeleteStaleAsync(site.Id, retireBefore, ct);
        memory.Remove(CacheKey(site.Id));
        return widths.Values.Where(w => w.ThroughDay >= retireBefore).ToList();
    }

    private async Task<List<IntervalWidth>> AdaptDayAsync(Site site, DateOnly day, IReadOnlyDictionary<string, IntervalWidth> widths, CancellationToken ct)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = from.AddDays(1);
        var actuals = new ActualPower(await history.ReadAsync(site, from, until, ct));
        if (actuals.Count == 0) return [];

        var counts = new Dictionary<string, (int Hours, int Misses)>();
        await foreach (var forecast in archive.ReadAsync(site.Id, from, until, ct))
        {
            var (hours, misses) = counts.GetValueOrDefault(forecast.ModelVersion);
            for (var i = 0; i < forecast.HorizonHours; i++)
            {
                var hour = forecast.TargetHour(i);
                if (hour < from || hour >= until || !(forecast.P90[i] > forecast.P10[i])) continue;
                var actual = actuals.At(hour);
                if (double.IsNaN(actual)) continue;
                hours++;
                if (actual < forecast.P10[i] || actual > forecast.P90[i]) misses++;
            }

            counts[forecast.ModelVersion] = (hours, misses);
        }

        var adapted = new List<IntervalWidth>();
        foreach (var (version, (hours, misses)) in counts)
        {
            if (hours == 0) continue;
            // Every stored width was adapted on an earlier day: AdaptAsync only reads days after the last adapted one.
            var current = widths.GetValueOrDefault(version)?.Width ?? 1;
            var width = new IntervalWidth(site.Id, version, AdaptiveIntervals.NextWidth(current, hours, misses), day, hours, misses);
            await repository.SaveAsync(width, ct);
            adapted.Add(width);
        }

        return adapted;
    }

    /// <summary>The width the site's forecasts of <paramref name="modelVersion"/> are served with (1 until adapted).</summary>
    public async Task<double> WidthAsync(long siteId, string modelVersion, CancellationToken ct)
    {
        var widths = await memory.GetOrCreateAsync(CacheKey(siteId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Recheck;
            return await repository.ReadAsync(siteId, ct);
        });
        return widths!.TryGetValue(modelVersion, out var w) ? w.Width : 1;
    }

    /// <summary>The forecast's points with p10/p90 moved <paramref name="width"/> times as far from p50, within [floor, <paramref name="topKw"/>].</summary>
    public static IReadOnlyList<ForecastPoint> Widen(IReadOnlyList<ForecastPoint> points, double width, double topKw)
    {
        if (width == 1) return points;
        return points.Select(p =>
        {
            // The calibrated floor is ≤ 0 (a parked turbine's standby draw): p10 below 0 marks it and stays the lowest bound.
            var (p10, p90) = AdaptiveIntervals.Widen(p.P10, p.P50, p.P90, width, Math.Min(0, p.P10), topKw);
            return p with { P10 = p10, P90 = p90 };
        }).ToList();
    }

    private static (string, long) CacheKey(long siteId) => ("interval-widths", siteId);
}
