using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Features.Domain;

/// <summary>Output of the solar physical model for one hour; NaN where the weather is missing.</summary>
internal readonly record struct SolarOutput(double PoaWm2, double CellTempC, double AcKw);

/// <summary>
/// A <see cref="FeatureSite"/> with its defaults filled in, and the physical plant model the features use: PVWatts on
/// plane-of-array irradiance for solar, the power curve at hub height for wind. Built on the Shared physics only.
/// </summary>
internal sealed class PlantModel
{
    // Weather assumed when a forecast lacks it: mild air and a light breeze (only temperature and wind are defaulted;
    // without GHI or a wind speed there is no physical output at all).
    private const double DefaultAirTempC = 20;
    private const double DefaultWind10mMs = 1;
    private const double DefaultDensityTempC = 15;

    /// <summary>Power curves are specified at the IEC 61400-12-1 reference density, kg/m³.</summary>
    public const double ReferenceAirDensity = 1.225;

    private PlantModel(FeatureSite site, double tiltDeg, double azimuthDeg, double hubHeightM, double[] curveSpeedsMs, double[] curvePowersKw)
    {
        Site = site;
        TiltDeg = tiltDeg;
        AzimuthDeg = azimuthDeg;
        HubHeightM = hubHeightM;
        CurveSpeedsMs = curveSpeedsMs;
        CurvePowersKw = curvePowersKw;
        StandardPressureHpa = StandardAtmospherePressureHpa(site.ElevationM);
    }

    public FeatureSite Site { get; }

    public PlantType Type => Site.Type;

    public double CapacityKw => Site.CapacityKw;

    public double TiltDeg { get; }

    public double AzimuthDeg { get; }

    public double HubHeightM { get; }

    public double[] CurveSpeedsMs { get; }

    public double[] CurvePowersKw { get; }

    /// <summary>Pressure assumed when a source gives none.</summary>
    public double StandardPressureHpa { get; }

    public static PlantModel From(FeatureSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (!Enum.IsDefined(site.Type)) throw new ArgumentException($"Unknown plant type {site.Type}.", nameof(site));
        if (!(site.CapacityKw > 0)) throw new ArgumentException("The capacity must be positive.", nameof(site));
        if (!(Math.Abs(site.LatitudeDeg) <= 90)) throw new ArgumentException("The latitude must lie in [-90, 90].", nameof(site));
        if (!(Math.Abs(site.LongitudeDeg) <= 180)) throw new ArgumentException("The longitude must lie in [-180, 180].", nameof(site));
        if (!double.IsFinite(site.ElevationM)) throw new ArgumentException("The elevation must be finite.", nameof(site));

        // The same defaults the plant registry documents: tilt at latitude (at most 60°), facing the equator.
        var tilt = site.TiltDeg ?? Math.Min(Math.Abs(site.LatitudeDeg), 60);
        var azimuth = site.AzimuthDeg ?? (site.LatitudeDeg >= 0 ? 180 : 0);
        var hub = site.HubHeightM ?? FeatureSite.DefaultHubHeightM;
        if (!(hub > 0)) throw new ArgumentException("The hub height must be positive.", nameof(site));

        double[] speeds, powers;
        if (site.PowerCurveSpeedsMs is { Count: > 0 } s && site.PowerCurvePowersKw is { } p)
        {
            if (s.Count != p.Count || s.Count < 2)
            {
                throw new ArgumentException("A power curve needs at least two points and one power per speed.", nameof(site));
            }

            speeds = [.. s];
            powers = [.. p];
            for (var i = 1; i < speeds.Length; i++)
            {
                if (!(speeds[i] >= speeds[i - 1])) throw new ArgumentException("Power-curve speeds must ascend.", nameof(site));
            }
        }
        else
        {
            (speeds, powers) = WindPhysics.GenericCurve(site.CapacityKw);
        }

        return new PlantModel(site, tilt, azimuth, hub, speeds, powers);
    }

    public SolarAngles SunForHour(DateTimeOffset hourStartUtc) =>
        SolarPosition.ForHour(hourStartUtc, Site.LatitudeDeg, Site.LongitudeDeg, Site.ElevationM);

    /// <summary>
    /// PVWatts AC output from horizontal irradiance: Erbs (<see cref="Decomposition"/>) splits GHI when DNI or DHI is missing, Hay–Davies
    /// transposes to the panel plane, SAPM gives the cell temperature. Cell temperature is NaN without air temperature
    /// (the AC output then assumes 20 °C); everything is NaN without GHI.
    /// </summary>
    public SolarOutput Solar(SolarAngles sun, double ghiWm2, double dniWm2, double dhiWm2, double airTempC, double wind10mMs) =>
        Solar(sun, ghiWm2, dniWm2, dhiWm2, airTempC, wind10mMs, TiltDeg, AzimuthDeg);

    /// <summary><see cref="Solar(SolarAngles, double, double, double, double, double)"/> for panels at another orientation.</summary>
    public SolarOutput Solar(SolarAngles sun, double ghiWm2, double dniWm2, double dhiWm2, double airTempC, double wind10mMs,
        double tiltDeg, double azimuthDeg)
    {
        if (double.IsNaN(ghiWm2)) return new SolarOutput(double.NaN, double.NaN, double.NaN);

        var temp = double.IsNaN(airTempC) ? DefaultAirTempC : airTempC;
        var wind = double.IsNaN(wind10mMs) ? DefaultWind10mMs : wind10mMs;
        var poa = 0.0;
        if (sun.ElevationDeg > 0 && ghiWm2 > 0)
        {
            if (double.IsNaN(dniWm2) || double.IsNaN(dhiWm2)) (dniWm2, dhiWm2) = Decomposition.Erbs(ghiWm2, sun);
            poa = PlaneOfArray.Transpose(ghiWm2, dniWm2, dhiWm2, sun, tiltDeg, azimuthDeg).TotalWm2;
        }

        var cellTemp = PvWatts.CellTemperatureC(poa, temp, wind);
        var kw = PvWatts.AcPowerAtCellTemperatureKw(poa, cellTemp, CapacityKw);
        return new SolarOutput(poa, double.IsNaN(airTempC) ? double.NaN : cellTemp, kw);
    }

    /// <summary>Clear-sky plant output, kW: <see cref="Solar"/> on Ineichen irradiance at 20 °C and 1 m/s.</summary>
    public double ClearSkyKw(SolarAngles sun, ClearSkyIrradiance clear) =>
        clear.GhiWm2 > 0 ? Solar(sun, clear.GhiWm2, clear.DniWm2, clear.DhiWm2, DefaultAirTempC, DefaultWind10mMs).AcKw : 0;

    /// <summary>
    /// Turbine output, kW: the power curve at hub speed scaled by density ÷ 1.225 (the curve's reference density),
    /// clipped to capacity. NaN without a speed; <paramref name="airDensity"/> NaN means the reference density.
    /// </summary>
    public double WindKw(double hubSpeedMs, double airDensity)
    {
        if (double.IsNaN(hubSpeedMs)) return double.NaN;
        var density = double.IsNaN(airDensity) ? ReferenceAirDensity : airDensity;
        var kw = WindPhysics.PowerFromCurve(CurveSpeedsMs, CurvePowersKw, hubSpeedMs) * density / ReferenceAirDensity;
        return Math.Clamp(kw, 0, CapacityKw);
    }

    /// <summary>Moist-air density, kg/m³; NaN without temperature, standard pressure and dry air when those are missing.</summary>
    public double AirDensity(double pressureHpa, double tempC, double relHumidityPct) =>
        double.IsNaN(tempC)
            ? double.NaN
            : WindPhysics.AirDensity(double.IsNaN(pressureHpa) ? StandardPressureHpa : pressureHpa, tempC,
                double.IsNaN(relHumidityPct) ? 0 : relHumidityPct);

    /// <summary>Density for the power curve: standard pressure at the site and 15 °C fill in for missing values.</summary>
    public double AirDensityForOutput(double pressureHpa, double tempC, double relHumidityPct) =>
        AirDensity(pressureHpa, double.IsNaN(tempC) ? DefaultDensityTempC : tempC, relHumidityPct);

    /// <summary>ICAO standard atmosphere (troposphere): p = 1013.25 (1 − 2.25577·10⁻⁵ h)^5.25588 hPa.</summary>
    public static double StandardAtmospherePressureHpa(double elevationM) =>
        1013.25 * Math.Pow(1 - 2.25577e-5 * elevationM, 5.25588);
}
