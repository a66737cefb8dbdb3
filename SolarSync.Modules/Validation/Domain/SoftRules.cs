using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>The soft rules of docs/architecture.md §4 that look at one row and its sun. Each returns true when the row is suspect.</summary>
internal static class SoftRules
{
    /// <summary>Below this elevation it is night. The 5° allowance absorbs refraction and the hour that contains sunrise or sunset, whose mid-hour sun may already (or still) be below the horizon.</summary>
    public const double NightElevationDeg = -5;

    /// <summary>Sensor offsets and thermal drift of pyranometers reach a few W/m²; only more than this counts as light at night.</summary>
    public const double NightIrradianceToleranceWm2 = 5;

    public const double ClearSkyFactor = 1.3;

    /// <summary>
    /// Extra allowance over the clear-sky limit while the sun is low (<see cref="LowSunElevationDeg"/>). There the
    /// relative test is meaningless: the clear-sky GHI is a few tens of W/m², the sun climbs 10–15° within the
    /// hour so the mid-hour geometry misrepresents the hour's mean, a few minutes of clock or averaging offset
    /// change the value several-fold, clear-sky models are least accurate at high air mass, and cosine-response
    /// errors of real sensors are largest. 50 W/m² is about the clear-sky GHI a few degrees above the horizon,
    /// so it covers these effects without hiding a genuinely wrong sunrise-hour value of hundreds of W/m².
    /// </summary>
    public const double LowSunMarginWm2 = 50;

    public const double LowSunElevationDeg = 10;

    /// <summary>The closure test is skipped below this GHI, where small absolute errors make large relative ones.</summary>
    public const double ClosureMinGhiWm2 = 50;

    public const double ClosureTolerance = 0.15;

    /// <summary>Dew point may exceed the temperature by this much before it is a finding (rounding of the inputs).</summary>
    public const double DewPointToleranceC = 0.5;

    public static bool IsNight(SolarAngles sun) => sun.ElevationDeg < NightElevationDeg;

    /// <summary>Daylight for the flatliner rule: the sun is above the horizon at mid-hour.</summary>
    public static bool IsDaylight(SolarAngles sun) => sun.ElevationDeg > 0;

    /// <summary>
    /// Any irradiance component above the tolerance while the sun is well below the horizon. DNI and DHI are
    /// checked as well as GHI: a night-time value in any of them is equally impossible.
    /// </summary>
    public static bool NightIrradiance(Observation row, SolarAngles sun) =>
        IsNight(sun)
        && (row.GhiWm2 > NightIrradianceToleranceWm2 || row.DniWm2 > NightIrradianceToleranceWm2 || row.DhiWm2 > NightIrradianceToleranceWm2);

    /// <summary>
    /// GHI above 1.3 × clear-sky GHI (plus <see cref="LowSunMarginWm2"/> when the sun is low). Cloud enhancement
    /// can exceed clear sky for minutes, not for an hourly mean by 30 %. Not applied at night, which
    /// <see cref="NightIrradiance"/> covers.
    /// </summary>
    public static bool AboveClearSky(Observation row, SolarAngles sun, ClearSkyIrradiance clearSky)
    {
        if (row.GhiWm2 is not { } ghi || IsNight(sun)) return false;
        var limit = ClearSkyFactor * clearSky.GhiWm2 + (sun.ElevationDeg < LowSunElevationDeg ? LowSunMarginWm2 : 0);
        return ghi > limit;
    }

    /// <summary>
    /// The three components disagree: |GHI − (DNI·cos z + DHI)| / GHI above 15 % (cos z floored at 0, since no
    /// beam reaches a horizontal surface from below the horizon). Needs all three and GHI above 50 W/m².
    /// </summary>
    public static bool ClosureMismatch(Observation row, SolarAngles sun)
    {
        if (row is not { GhiWm2: { } ghi, DniWm2: { } dni, DhiWm2: { } dhi } || ghi <= ClosureMinGhiWm2) return false;
        var cosZenith = Math.Max(Math.Cos(sun.ZenithDeg * Math.PI / 180), 0);
        return Math.Abs(ghi - (dni * cosZenith + dhi)) / ghi > ClosureTolerance;
    }

    /// <summary>
    /// Dew point (Magnus) above temperature + 0.5 °C. Since Td ≤ T holds exactly whenever RH ≤ 100 %, this can
    /// only fire on inconsistent input (RH above 100 %); the humidity range rejects such rows first, so on the
    /// validated path it is a guard that stays silent unless the range rule is ever relaxed.
    /// </summary>
    public static bool DewPointAboveTemperature(Observation row) =>
        row is { TempC: { } t, RelHumidityPct: { } rh } && DewPointC(t, rh) is { } td && td > t + DewPointToleranceC;

    /// <summary>
    /// Magnus formula over water, b = 17.62, c = 243.12 °C (Sonntag 1990, WMO-No. 8 Annex 4.B), valid −45…60 °C.
    /// Null when RH ≤ 0 (the dew point tends to −∞) or the inputs are not finite.
    /// </summary>
    public static double? DewPointC(double tempC, double relHumidityPct)
    {
        const double b = 17.62, c = 243.12;
        if (!(relHumidityPct > 0) || !double.IsFinite(tempC) || !double.IsFinite(relHumidityPct)) return null;
        var gamma = Math.Log(relHumidityPct / 100) + b * tempC / (c + tempC);
        return c * gamma / (b - gamma);
    }
}
