using System.ComponentModel.DataAnnotations;

namespace SolarSync.Modules.Prediction;

/// <summary>Forecast serving (section "Prediction").</summary>
internal sealed class PredictionOptions
{
    public const string Section = "Prediction";

    /// <summary>How far from the requested point the nearest registered site may be.</summary>
    [Range(0.1, 20000), Display(Name = "Prediction:NearestSiteRadiusKm")]
    public double NearestSiteRadiusKm { get; init; } = 25;

    /// <summary>
    /// Hours of the last 48 that must hold stored output for the model to run; with fewer the physical model stands in
    /// (never a forecast from made-up history).
    /// </summary>
    [Range(1, 48), Display(Name = "Prediction:MinHistoryHours")]
    public int MinHistoryHours { get; init; } = 24;

    /// <summary>Seconds the site list is kept in memory for forecast requests; 0 reads it on every request.</summary>
    [Range(0, 3600), Display(Name = "Prediction:SiteListSeconds")]
    public int SiteListSeconds { get; init; } = 30;
}
