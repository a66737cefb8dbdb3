using System.ComponentModel.DataAnnotations;
using SolarSync.Modules.Shared.Options;

namespace SolarSync.Modules.Training;

/// <summary>Retraining and promotion (section "Training").</summary>
internal sealed class TrainingOptions
{
    public const string Section = "Training";

    [Cron, Display(Name = "Training:WeeklyCron")]
    public string WeeklyCron { get; init; } = "0 2 * * 0";

    /// <summary>How far back a retrain reads each site's history.</summary>
    [Range(14, 3650), Display(Name = "Training:HistoryDays")]
    public int HistoryDays { get; init; } = 730;

    /// <summary>
    /// Hours between the issue times samples are cut at. Not a divisor of 24, so issue times walk through every hour of
    /// the day (the service forecasts from any hour), and sparse enough that two years of ten plants train in minutes.
    /// </summary>
    [Range(1, 168), Display(Name = "Training:SampleStrideHours")]
    public int SampleStrideHours { get; init; } = 13;

    /// <summary>Hours one forward pass forecasts; the API serves 1–168.</summary>
    [Range(1, 168), Display(Name = "Training:HorizonHours")]
    public int HorizonHours { get; init; } = 168;

    [Range(1, 1000), Display(Name = "Training:MaxEpochs")]
    public int MaxEpochs { get; init; } = 30;

    [Range(1, 100), Display(Name = "Training:Patience")]
    public int Patience { get; init; } = 5;

    /// <summary>
    /// Wall-clock minutes one network family may train per plant type; no epoch starts after them (the best epoch is
    /// kept). Bounds the weekly retrain of a large fleet. 0: no budget.
    /// </summary>
    [Range(0, 1440), Display(Name = "Training:NetworkBudgetMinutes")]
    public double NetworkBudgetMinutes { get; init; } = 3;

    /// <summary>Recurrent width; 0 keeps the type's default (solar 128, wind 64).</summary>
    [Range(0, 1024), Display(Name = "Training:HiddenSize")]
    public int HiddenSize { get; init; }

    /// <summary>Recurrent layers; 0 keeps the type's default (solar 3, wind 2).</summary>
    [Range(0, 8), Display(Name = "Training:Layers")]
    public int Layers { get; init; }

    /// <summary>TorchSharp threads for training and inference; 0 = one per CPU.</summary>
    [Range(0, 256), Display(Name = "Training:Threads")]
    public int Threads { get; init; }

    /// <summary>The model families every retrain trains (network, network-residual, gbm); empty for all of them.</summary>
    [Display(Name = "Training:Families")]
    public string[] Families { get; init; } = [];

    /// <summary>Seed of weight initialisation, shuffling and row sampling: a retrain on the same data gives the same model.</summary>
    [Display(Name = "Training:Seed")]
    public int Seed { get; init; } = 42;

    [Range(5, 40), Display(Name = "Training:ValidationSharePct")]
    public int ValidationSharePct { get; init; } = 15;

    [Range(5, 40), Display(Name = "Training:TestSharePct")]
    public int TestSharePct { get; init; } = 15;

    /// <summary>
    /// Share of extra training samples built without future weather (has_weather = 0), so the model also forecasts
    /// well from history, clear sky and calendar alone when no weather forecast is stored.
    /// </summary>
    [Range(0, 100), Display(Name = "Training:WeatherlessSharePct")]
    public int WeatherlessSharePct { get; init; } = 20;

    /// <summary>A Candidate must beat Production and smart persistence on the same test hours by this share of MAE.</summary>
    [Range(0, 50), Display(Name = "Training:PromotionMarginPct")]
    public double PromotionMarginPct { get; init; } = 2;

    /// <summary>Promote a Candidate that passes the gate at once; otherwise an admin promotes it.</summary>
    public bool AutoPromote { get; init; } = true;

    /// <summary>
    /// What becomes of a Candidate that passes the gate (with AutoPromote): "gate" promotes it at once, "experiment"
    /// starts a shadow experiment against Production, which promotes it when it wins on live traffic.
    /// </summary>
    [RegularExpression("^(gate|experiment)$"), Display(Name = "Training:PromoteVia")]
    public string PromoteVia { get; init; } = "gate";

    /// <summary>Queue a retrain at start for each plant type that has sites and no Production model (the demo).</summary>
    public bool TrainAtStartupWhenMissing { get; init; }
}
