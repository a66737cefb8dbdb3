namespace SolarSync.Modules.Shared.Physics;

/// <summary>Wind speed at hub height, air density and turbine output from a power curve.</summary>
public static class WindPhysics
{
    // Specific gas constants of dry air and water vapour, J/(kg·K) (ICAO standard atmosphere; CODATA R / M).
    private const double DryAirGasConstant = 287.058;
    private const double WaterVapourGasConstant = 461.495;
    private const double KelvinOffset = 273.15;

    private const double CutInMs = 3;
    private const double RatedMs = 12;
    private const double CutOutMs = 25;
    private const double GenericCurveStepMs = 0.5;

    /// <summary>Power-law profile u(h2) = u(h1) (h2/h1)^α; α = 1/7 for open terrain.</summary>
    public static double ExtrapolateSpeed(double speedMs, double fromHeightM, double toHeightM, double shearExponent = 1.0 / 7)
    {
        if (!(fromHeightM > 0) || !(toHeightM > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(fromHeightM), "Both heights must be positive.");
        }

        return speedMs * Math.Pow(toHeightM / fromHeightM, shearExponent);
    }

    /// <summary>Moist-air density in kg/m³ from pressure, temperature and relative humidity.</summary>
    public static double AirDensity(double pressureHpa, double tempC, double relHumidityPct = 0)
    {
        var tempK = tempC + KelvinOffset;
        var vapourPa = Math.Clamp(relHumidityPct, 0, 100) / 100 * SaturationVapourPressureHpa(tempC) * 100;
        var dryPa = pressureHpa * 100 - vapourPa;

        // Dalton: the two partial pressures are ideal gases of their own; vapour is lighter (M = 18 vs 29), so humid
        // air is less dense than dry air at the same pressure.
        return dryPa / (DryAirGasConstant * tempK) + vapourPa / (WaterVapourGasConstant * tempK);
    }

    /// <summary>Saturation vapour pressure over water in hPa, Magnus–Tetens form (Tetens 1930; Murray 1967).</summary>
    public static double SaturationVapourPressureHpa(double tempC) =>
        6.1078 * Math.Exp(17.27 * tempC / (tempC + 237.3));

    /// <summary>Linear interpolation in the curve (speeds ascending); 0 below the first point and above the last.</summary>
    public static double PowerFromCurve(IReadOnlyList<double> speedsMs, IReadOnlyList<double> powersKw, double hubSpeedMs)
    {
        if (speedsMs.Count != powersKw.Count || speedsMs.Count < 2)
        {
            throw new ArgumentException("A power curve needs at least two points and one power per speed.", nameof(powersKw));
        }

        var last = speedsMs.Count - 1;
        if (!(hubSpeedMs >= speedsMs[0]) || hubSpeedMs > speedsMs[last])
        {
            // Below cut-in nothing turns; above the last point (cut-out) the turbine is stopped for safety.
            return 0;
        }

        // Binary search for the segment [lo, lo + 1] holding the speed: curves are called per hour over years.
        int lo = 0, hi = last;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (speedsMs[mid] <= hubSpeedMs)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        var v0 = speedsMs[lo];
        var v1 = speedsMs[hi];
        if (v1 <= v0)
        {
            return powersKw[hi];
        }

        return powersKw[lo] + (powersKw[hi] - powersKw[lo]) * (hubSpeedMs - v0) / (v1 - v0);
    }

    /// <summary>A generic curve for a turbine without one: cut-in 3 m/s, rated at 12 m/s (cubic rise), cut-out 25 m/s.</summary>
    /// <remarks>Points every 0.5 m/s so linear interpolation stays within 0.2 % of capacity of the cubic (error ≤ h²·max f″/8).</remarks>
    public static (double[] SpeedsMs, double[] PowersKw) GenericCurve(double capacityKw)
    {
        var count = (int)(CutOutMs / GenericCurveStepMs) + 1;
        var speeds = new double[count];
        var powers = new double[count];
        const double cubeSpan = RatedMs * RatedMs * RatedMs - CutInMs * CutInMs * CutInMs;
        for (var i = 0; i < count; i++)
        {
            var v = i * GenericCurveStepMs;
            speeds[i] = v;
            // Kinetic power grows with v³; shifting by the cut-in cube makes it start at 0 and reach 1 at rated speed.
            powers[i] = v < CutInMs ? 0
                : v >= RatedMs ? capacityKw
                : capacityKw * (v * v * v - CutInMs * CutInMs * CutInMs) / cubeSpan;
        }

        return (speeds, powers);
    }
}
