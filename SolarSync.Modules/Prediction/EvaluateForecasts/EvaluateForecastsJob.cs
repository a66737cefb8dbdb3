using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Prediction.Experiments;
using SolarSync.Modules.Prediction.Intervals;
using SolarSync.Modules.Prediction.Performance;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.EvaluateForecasts;

/// <summary>
/// Daily realized accuracy (docs/architecture.md §7, evaluate-forecasts): for each site, the previous UTC day is (re)computed, and
/// any earlier day of the last <see cref="LookbackDays"/> without rows (actuals that arrived late, a missed run);
/// the interval widths are adapted on the days not yet adapted on (<see cref="LiveIntervalWidths"/>); then the gauges
/// and the drift alarm are updated, and the running champion/challenger experiments are judged (<see cref="ExperimentJudge"/>). Safe to re-run: each day's rows are rewritten to the same values.
/// </summary>
internal sealed class EvaluateForecastsJob(
    ISiteDirectory sites,
    RealizedAccuracyReader reader,
    ForecastAccuracyRepository accuracy,
    ForecastEvaluationMetrics metrics,
    IOptions<ForecastEvaluationOptions> options,
    ExperimentJudge experiments,
    LiveIntervalWidths widths,
    TimeProvider clock,
    ILogger<EvaluateForecastsJob> logger)
{
    public const string Id = "prediction:evaluate-daily";

    /// <summary>How far back a day that has no rows yet is still computed.</summary>
    public const int LookbackDays = 7;

    /// <summary>A model version's interval width is dropped once it has not been adapted for this many days (it no longer serves).</summary>
    public const int RetiredWidthDays = 30;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var targets = await sites.ListAsync(null, ct);
        var failures = new List<string>();
        foreach (var site in targets)
        {
            try
            {
                await EvaluateAsync(site, today, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Forecast evaluation failed for site {SiteId}", site.Id);
                failures.Add($"site {site.Id}: {e.Message}");
            }
        }

        metrics.RetainOnly(targets.Select(s => s.Id).ToList());
        try
        {
            await experiments.JudgeRunningAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Judging the running experiments failed");
            failures.Add($"experiments: {e.Message}");
        }

        // Failing the job lets Hangfire retry the failed sites; the others are rewritten to the same rows.
        if (failures.Count > 0) throw new InvalidOperationException("Forecast evaluation failed: " + string.Join("; ", failures));
    }

    private async Task EvaluateAsync(Site site, DateOnly today, CancellationToken ct)
    {
        var previous = today.AddDays(-1);
        var earliest = today.AddDays(-LookbackDays);
        var computed = await accuracy.ComputedDaysAsync(site.Id, earliest, previous, ct);
        IReadOnlyList<HorizonAccuracy> previousRows = [];
        for (var day = earliest; day <= previous; day = day.AddDays(1))
        {
            if (day != previous && computed.Contains(day)) continue;
            var result = await reader.ComputeAsync(site, StartOf(day), StartOf(day.AddDays(1)), ct);
            var (buckets, all) = result.Result(site.CapacityKw);
            IReadOnlyList<HorizonAccuracy> rows = [.. buckets, all];
            await accuracy.SaveDayAsync(site.Id, day, rows, ct);
            if (day == previous) previousRows = rows;
        }

        var kept = await widths.AdaptAsync(site, earliest, previous, retireBefore: today.AddDays(-RetiredWidthDays), ct);
        // The gauge shows the versions adapted in the last week (older ones no longer serve).
        metrics.PublishWidths(site.Id, kept.Where(w => w.ThroughDay >= earliest).Select(w => (w.ModelVersion, w.Width)));

        var recent = await accuracy.ReadOverallAsync(site.Id, previous.AddDays(1 - DriftRule.Days), previous, ct);
        var drifting = DriftRule.IsDrifting(recent, previous, options.Value.DriftFactor);
        metrics.Publish(site.Id, previousRows, drifting);
        if (drifting)
        {
            logger.LogWarning("Forecast drift at site {SiteId}: realized nMAE above {Factor} × the test nMAE on each of the last {Days} days",
                site.Id, options.Value.DriftFactor, DriftRule.Days);
        }
    }

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
