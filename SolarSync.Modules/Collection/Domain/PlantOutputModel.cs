using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Domain;

/// <summary>
/// Physical plant output for a site without a meter: PVWatts for solar (plane-of-array from GHI/DNI/DHI),
/// hub-height power law and the site's power curve for wind (a generic 3/12/25 m/s curve when it has none).
/// </summary>
internal static class PlantOutputModel
{
    /// <summary>Hub height assumed for a wind site registered without one.</summary>
    public const double DefaultHubHeightM = 100;

    /// <summary>The plant's output from the weather; null for a consumer (load), which has no plant physics.</summary>
    public static double? EstimateKw(Site site, Observation weather) => site.Type switch
    {
        PlantType.Solar => SolarKw(site, weather),
        PlantType.Wind => WindKw(site, weather),
        _ => null,
    };

    private static double? SolarKw(Site site, Observation w)
    {
        if (w.GhiWm2 is not { } ghi) return null;
        var sun = SolarPosition.ForHour(w.Ts, site.Latitude, site.Longitude);
        if (sun.ElevationDeg <= 0 || ghi <= 0) return 0;
        var (dni, dhi) = w.DniWm2 is { } d && w.DhiWm2 is { } h ? (d, h) : Decomposition.Erbs(ghi, sun);
        var (tilt, azimuth) = DefaultOrientation(site);
        var poa = PlaneOfArray.Transpose(ghi, dni, dhi, sun, tilt, azimuth);
        return PvWatts.AcPowerKw(poa.TotalWm2, w.TempC ?? 20, w.WindSpeed10mMs ?? 1, site.CapacityKw);
    }

    private static double? WindKw(Site site, Observation w)
    {
        var hub = site.HubHeightM ?? DefaultHubHeightM;
        double? hubSpeed = w.WindSpeed100mMs is { } s100 ? WindPhysics.ExtrapolateSpeed(s100, 100, hub)
            : w.WindSpeed10mMs is { } s10 ? WindPhysics.ExtrapolateSpeed(s10, 10, hub)
            : null;
        if (hubSpeed is not { } speed) return null;
        var (speeds, powers) = site.PowerCurve is { Count: >= 2 } curve
            ? (curve.Select(p => p.WindSpeedMs).ToArray(), curve.Select(p => p.PowerKw).ToArray())
            : WindPhysics.GenericCurve(site.CapacityKw);
        // Power curves are given for standard density (1.225 kg/m³); output scales with density below rated power.
        var density = WindPhysics.AirDensity(w.PressureHpa ?? 1013.25, w.TempC ?? 15, w.RelHumidityPct ?? 0);
        var kw = WindPhysics.PowerFromCurve(speeds, powers, speed) * density / 1.225;
        return Math.Clamp(kw, 0, site.CapacityKw);
    }

    /// <summary>Tilt at latitude, facing the equator, when the site does not say.</summary>
    public static (double TiltDeg, double AzimuthDeg) DefaultOrientation(Site site) =>
        (site.TiltDeg ?? Math.Min(Math.Abs(site.Latitude), 60), site.AzimuthDeg ?? (site.Latitude >= 0 ? 180 : 0));
}
