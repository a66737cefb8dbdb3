using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Intervals;

namespace SolarSync.Modules.Models.Contracts;

/// <summary>
/// A model version as trained and as served, whatever its family: the forecaster, each trained site's calibrated
/// physics, the availability outlook (wind and solar), the conformal intervals (calibrated on capacity-normalised values) and the
/// manifest. The point forecast is the forecaster's output times the availability share (wind and solar), 0 with the sun down
/// (solar); every family goes through the same steps.
/// </summary>
internal sealed class TrainedModel(
    IForecaster forecaster,
    IReadOnlyDictionary<long, PlantCalibration> calibrations,
    AvailabilityOutlook? availability,
    ConformalCalibration conformal,
    ModelManifest manifest) : IDisposable
{
    public IForecaster Forecaster => forecaster;
    public IReadOnlyDictionary<long, PlantCalibration> Calibrations => calibrations;
    public AvailabilityOutlook? Availability => availability;
    public ConformalCalibration Conformal => conformal;
    public ModelManifest Manifest => manifest;
    public string Version => manifest.Version;
    public string Family => forecaster.Family;

    /// <summary>The site with the calibration this version fitted for it (the nameplate physics for a site it never saw).</summary>
    public FeatureSite ForSite(FeatureSite site) =>
        site.SiteId is { } id && calibrations.TryGetValue(id, out var calibration) ? site with { Calibration = calibration } : site with { Calibration = null };

    /// <summary>Point forecasts ÷ capacity [Count·Horizon] of samples built for <see cref="ForSite"/>.</summary>
    public float[] PointForecast(FeatureSamples raw) => Finish(raw, forecaster.Predict(raw), availability, manifest.Type == "solar");

    /// <summary>Applies availability (wind and solar) and night (solar) to a forecaster's output, in place; returns it.</summary>
    public static float[] Finish(FeatureSamples raw, float[] output, AvailabilityOutlook? availability, bool solar)
    {
        availability?.Apply(raw, output);
        if (solar)
        {
            for (var i = 0; i < output.Length; i++) if (!raw.Daylight[i]) output[i] = 0;
        }

        return output;
    }

    public void Dispose() => forecaster.Dispose();
}
