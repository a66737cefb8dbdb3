namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>
/// A champion/challenger experiment on one plant type. <see cref="Split"/> is null in shadow mode; <see cref="Status"/>
/// is running, stopped or promoted; <see cref="Verdict"/> the last analysis's.
/// </summary>
internal sealed record Experiment(
    long Id, string Type, string ChampionVersion, string ChallengerVersion, string Mode, SplitSettings? Split, double? HaltedPercent,
    int MinDays, SuccessCriteria Success, string Status, string Verdict, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, DateTimeOffset? AnalysedAt)
{
    public const string Shadow = "shadow";
    public const string SplitMode = "split";
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Promoted = "promoted";

    /// <summary>The challenger's share of split traffic now (the gradual schedule's, or where it was halted).</summary>
    public double ChallengerPercent(DateTimeOffset now) => Split switch
    {
        null => 0,
        { Strategy: SplitSettings.Gradual, Ramp: { } ramp } => GradualRamp.ShareAt(ramp, StartedAt, now, HaltedPercent),
        { } split => split.Percent,
    };
}
