using SolarSync.Modules.Prediction.Performance;

namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>A forecast hour's p50 with its 80 % interval, kW.</summary>
internal readonly record struct PointForecast(double P50, double P10, double P90);

/// <summary>One site-hour both the champion and the challenger forecast at the same horizon, with what was observed.</summary>
internal sealed record PairedHour(long SiteId, DateTimeOffset Hour, int HorizonHour, double ActualKw, double CapacityKw,
    PointForecast Champion, PointForecast Challenger);

/// <summary>Accuracy of one version over the paired hours, by horizon bucket and over all of them.</summary>
internal sealed record VersionAccuracy(string Version, IReadOnlyList<HorizonAccuracy> Buckets, HorizonAccuracy All);

/// <summary>What an experiment has found so far; <see cref="ImprovementPct"/> is how much lower the challenger's loss is.</summary>
internal sealed record ExperimentFindings(
    string Verdict, int PairedHours, int PairedDays, double ImprovementPct, DieboldMarianoResult Test, VersionAccuracy Champion, VersionAccuracy Challenger);

/// <summary>
/// Judges a challenger against the champion on paired site-hours. The loss differential of a day is the mean over its
/// pairs of L(champion error) − L(challenger error) (L = |e| for mae, e² for rmse), ordered by day for the
/// Diebold–Mariano test. Verdict: fewer than min_days of paired data → running; p &lt; alpha and the challenger's loss
/// lower by at least min_improvement_pct → challenger_wins; p &lt; alpha and the champion's lower → champion_wins;
/// otherwise no_difference. nMAE is by the mean capacity of the paired hours' sites.
/// </summary>
internal static class ExperimentAnalysis
{
    public static ExperimentFindings Analyse(IReadOnlyList<PairedHour> pairs, string championVersion, string challengerVersion, int minDays, SuccessCriteria success)
    {
        var champion = new RealizedAccuracy();
        var challenger = new RealizedAccuracy();
        foreach (var p in pairs)
        {
            champion.Add(p.HorizonHour, p.ActualKw, p.Champion.P50, p.Champion.P10, p.Champion.P90);
            challenger.Add(p.HorizonHour, p.ActualKw, p.Challenger.P50, p.Challenger.P10, p.Challenger.P90);
        }

        var capacity = pairs.Count > 0 ? pairs.Average(p => p.CapacityKw) : 1;
        var (championBuckets, championAll) = champion.Result(capacity);
        var (challengerBuckets, challengerAll) = challenger.Result(capacity);
        var test = DieboldMariano.Test(DailyLossDifferential(pairs, success.Metric), HorizonDays(pairs));
        var championLoss = success.Metric == SuccessCriteria.Rmse ? championAll.Rmse : championAll.Mae;
        var challengerLoss = success.Metric == SuccessCriteria.Rmse ? challengerAll.Rmse : challengerAll.Mae;
        var improvement = championLoss > 0 ? (championLoss - challengerLoss) / championLoss * 100 : 0;
        var days = pairs.Select(p => DateOnly.FromDateTime(p.Hour.UtcDateTime)).Distinct().Count();
        return new ExperimentFindings(Verdict(days, minDays, test, improvement, success), pairs.Count, days, improvement, test,
            new VersionAccuracy(championVersion, championBuckets, championAll), new VersionAccuracy(challengerVersion, challengerBuckets, challengerAll));
    }

    public static string Verdict(int pairedDays, int minDays, DieboldMarianoResult test, double improvementPct, SuccessCriteria success)
    {
        if (pairedDays < minDays) return ExperimentVerdicts.Running;
        if (test.PValue >= success.Alpha) return ExperimentVerdicts.NoDifference;
        if (test.MeanDifferential > 0) return improvementPct >= success.MinImprovementPct ? ExperimentVerdicts.ChallengerWins : ExperimentVerdicts.NoDifference;
        return ExperimentVerdicts.ChampionWins;
    }

    /// <summary>Whether the champion is significantly better so far, whatever the days: a gradual ramp stops rising.</summary>
    public static bool ChallengerSignificantlyWorse(ExperimentFindings findings, double alpha) =>
        findings.Test.PValue < alpha && findings.Test.MeanDifferential < 0;

    /// <summary>How many days the longest paired horizon reaches: a forecast that far ahead has errors overlapping the days before.</summary>
    private static int HorizonDays(IReadOnlyList<PairedHour> pairs) => pairs.Count == 0 ? 1 : (pairs.Max(p => p.HorizonHour) + 23) / 24;

    /// <summary>
    /// The mean loss differential of each UTC day, in day order. Hours of a day share its weather, and for solar its
    /// sunshine: their errors are correlated over the whole day, which a variance estimated from hourly terms would
    /// mistake for many independent observations; days are close to independent.
    /// </summary>
    private static List<double> DailyLossDifferential(IReadOnlyList<PairedHour> pairs, string metric)
    {
        Func<double, double> loss = metric == SuccessCriteria.Rmse ? e => e * e : Math.Abs;
        return pairs.Where(p => !double.IsNaN(p.ActualKw) && !double.IsNaN(p.Champion.P50) && !double.IsNaN(p.Challenger.P50))
            .GroupBy(p => DateOnly.FromDateTime(p.Hour.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(g => g.Average(p => loss(p.Champion.P50 - p.ActualKw) - loss(p.Challenger.P50 - p.ActualKw)))
            .ToList();
    }
}

/// <summary>The verdicts of an experiment's analysis, and the gauge value of each.</summary>
internal static class ExperimentVerdicts
{
    public const string Running = "running";
    public const string ChallengerWins = "challenger_wins";
    public const string ChampionWins = "champion_wins";
    public const string NoDifference = "no_difference";

    /// <summary>solarsync_experiment_verdict: −1 champion_wins, 0 running or no_difference, 1 challenger_wins.</summary>
    public static int GaugeValue(string verdict) => verdict switch
    {
        ChallengerWins => 1,
        ChampionWins => -1,
        _ => 0,
    };
}
