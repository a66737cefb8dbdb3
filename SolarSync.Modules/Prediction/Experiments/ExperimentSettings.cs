namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>When a challenger wins: its <see cref="Metric"/> (mae or rmse) lower by at least MinImprovementPct, at significance Alpha.</summary>
internal sealed record SuccessCriteria(string Metric, double MinImprovementPct, double Alpha)
{
    public const string Mae = "mae";
    public const string Rmse = "rmse";
}

/// <summary>A gradual split's schedule: StartPercent at the start, StepPercent more every EveryHours, up to MaxPercent.</summary>
internal sealed record RampSchedule(double StartPercent, double StepPercent, int EveryHours, double MaxPercent);

/// <summary>How a split experiment assigns requests: percentage (random per request), client_hash or gradual.</summary>
internal sealed record SplitSettings(string Strategy, double Percent, RampSchedule? Ramp)
{
    public const string Percentage = "percentage";
    public const string ClientHash = "client_hash";
    public const string Gradual = "gradual";
}
