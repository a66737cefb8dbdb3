using System.Text.Json;

namespace SolarSync.Modules.Features.Contracts;

/// <summary>
/// The physical model of one plant refit to its own measured output (see <see cref="IFeatureBuilder.Calibrate"/>):
/// what the plant really makes from a given weather, which the nameplate physics only approximates. Exactly one of
/// <see cref="Wind"/> and <see cref="Solar"/> is set. Stored with each model version, per site.
/// </summary>
/// <param name="FittedHours">Measured hours the fit used (outage hours excluded).</param>
public sealed record PlantCalibration(WindCalibration? Wind, SolarCalibration? Solar, int FittedHours)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PlantCalibration FromJson(string json) =>
        JsonSerializer.Deserialize<PlantCalibration>(json, Json) ?? throw new JsonException("The plant calibration is empty (null).");
}

/// <summary>
/// An empirical power curve: mean output ÷ capacity per bin of density-normalised hub wind speed
/// v·(ρ/1.225)^⅓ (IEC 61400-12-1), interpolated between bin centres, so cut-in, rated output, curtailment that always
/// happens and cut-out are what the plant did rather than its datasheet. Optionally one curve per direction sector,
/// where a sector holds enough hours; sparse bins take the all-direction curve, and bins without data the nominal curve.
/// </summary>
/// <param name="BinWidthMs">Width of a speed bin; bin b covers [b·w, (b + 1)·w).</param>
/// <param name="PowerShare">Per bin, output ÷ capacity.</param>
/// <param name="SectorPowerShare">Per direction sector (clockwise from north, equal widths), per bin; null when no sector had enough hours.</param>
/// <param name="IgnoresDensity">The bins are of the raw hub speed: the plant's output showed no air-density effect.</param>
public sealed record WindCalibration(double BinWidthMs, double[] PowerShare, double[][]? SectorPowerShare, bool IgnoresDensity = false);

/// <summary>
/// PVWatts output refit to the plant: output ÷ capacity = min(Clip, Gain·P + TempGain·P·(Tcell − 25 °C) + Quadratic·P²),
/// where P is the nameplate PVWatts share on plane-of-array irradiance. Gain carries the real DC/AC size, soiling and
/// shading on average; TempGain the temperature response beyond PVWatts's own; Clip the inverter's real limit.
/// </summary>
/// <param name="TiltDeg">The panels' effective tilt where the measured output contradicts the declared one; null: as declared.</param>
/// <param name="AzimuthDeg">Their effective azimuth (clockwise from north), likewise; null: as declared.</param>
public sealed record SolarCalibration(double Gain, double TempGain, double Quadratic, double Clip, double? TiltDeg = null, double? AzimuthDeg = null);
