namespace SolarSync.Modules.Shared.Physics;

/// <summary>Wind speed at hub height, air density and turbine output from a power curve.</summary>
public static class WindPhysics
{
    /// <summary>Power-law profile u(h2) = u(h1) (h2/h1)^α; α = 1/7 for open terrain.</summary>
    public static double ExtrapolateSpeed(double speedMs, double fromHeightM, double toHeightM, double shearExponent = 1.0 / 7) =>
        throw new NotImplementedException();

    /// <summary>Moist-air density in kg/m³ from pressure, temperature and relative humidity.</summary>
    public static double AirDensity(double pressureHpa, double tempC, double relHumidityPct = 0) => throw new NotImplementedException();

    /// <summary>Linear interpolation in the curve (speeds ascending); 0 below the first point and above the last.</summary>
    public static double PowerFromCurve(IReadOnlyList<double> speedsMs, IReadOnlyList<double> powersKw, double hubSpeedMs) =>
        throw new NotImplementedException();

    /// <summary>A generic curve for a turbine without one: cut-in 3 m/s, rated at 12 m/s (cubic rise), cut-out 25 m/s.</summary>
    public static (double[] SpeedsMs, double[] PowersKw) GenericCurve(double capacityKw) => throw new NotImplementedException();
}
