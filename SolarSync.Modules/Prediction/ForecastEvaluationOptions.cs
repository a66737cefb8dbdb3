using System.ComponentModel.DataAnnotations;
using SolarSync.Modules.Shared.Options;

namespace SolarSync.Modules.Prediction;

/// <summary>
/// The forecast evaluation's keys of the "Prediction" section. A class of its own so that serving's options can bind
/// the same section without the two sets of keys being edited in one file.
/// </summary>
internal sealed class ForecastEvaluationOptions
{
    public const string Section = "Prediction";

    /// <summary>When the realized accuracy of the previous UTC day is computed (daily, after midnight UTC).</summary>
    [Cron, Display(Name = "Prediction:EvaluateDailyCron")]
    public string EvaluateDailyCron { get; init; } = "15 0 * * *";

    /// <summary>
    /// The drift alarm rises when the realized daily nMAE exceeded this multiple of the model's test nMAE on each of
    /// the last three days: a day-to-day nMAE varies with the weather, so one bad day alone says little.
    /// </summary>
    [Range(1.0, 10.0, ErrorMessage = "Prediction:DriftFactor must be between 1 and 10.")]
    public double DriftFactor { get; init; } = 1.5;
}
