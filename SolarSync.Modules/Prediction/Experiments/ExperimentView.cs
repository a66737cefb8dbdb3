namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>An experiment as the admin API shows it; challenger_percent is the split share now (0 in shadow mode).</summary>
public sealed record ExperimentView(
    long Id, string Type, string ChampionVersion, string ChallengerVersion, string Mode, string? Strategy, double ChallengerPercent,
    double? HaltedPercent, int MinDays, string Metric, double MinImprovementPct, double Alpha, string Status, string Verdict,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, DateTimeOffset? AnalysedAt)
{
    internal static ExperimentView Of(Experiment e, DateTimeOffset now) => new(
        e.Id, e.Type, e.ChampionVersion, e.ChallengerVersion, e.Mode, e.Split?.Strategy, e.Status == Experiment.Running ? e.ChallengerPercent(now) : 0,
        e.HaltedPercent, e.MinDays, e.Success.Metric, e.Success.MinImprovementPct, e.Success.Alpha, e.Status, e.Verdict, e.StartedAt, e.EndedAt, e.AnalysedAt);
}

public sealed record ExperimentList(IReadOnlyList<ExperimentView> Experiments);
