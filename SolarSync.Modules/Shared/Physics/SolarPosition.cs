namespace SolarSync.Modules.Shared.Physics;

/// <summary>Topocentric sun position and the extraterrestrial normal irradiance at one instant.</summary>
public readonly record struct SolarAngles(double ZenithDeg, double AzimuthDeg, double ElevationDeg, double ExtraterrestrialNormalWm2);

/// <summary>Sun position to NREL SPA accuracy (Reda &amp; Andreas 2004/2008).</summary>
public static class SolarPosition
{
    /// <summary>Azimuth is measured eastward from north (0..360). Refraction uses pressure and temperature.</summary>
    public static SolarAngles Compute(DateTimeOffset utc, double latitudeDeg, double longitudeDeg, double elevationM = 0,
        double pressureHpa = 1013.25, double temperatureC = 12, double deltaTSeconds = 69.2) =>
        throw new NotImplementedException();

    /// <summary>Geometry representing an hourly mean that starts at <paramref name="hourStartUtc"/>: the sun at mid-hour.</summary>
    public static SolarAngles ForHour(DateTimeOffset hourStartUtc, double latitudeDeg, double longitudeDeg, double elevationM = 0) =>
        Compute(hourStartUtc.AddMinutes(30), latitudeDeg, longitudeDeg, elevationM);
}
