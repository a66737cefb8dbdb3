using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Features.Domain;

/// <summary>Evaluates a <see cref="PlantCalibration"/> for one hour; the nameplate physics where there is none.</summary>
internal static class CalibratedPhysics
{
    /// <summary>Cell temperature of the standard test conditions, °C.</summary>
    public const double ReferenceCellTempC = 25;

    /// <summary>Output ÷ capacity of a solar plant from its nameplate PVWatts share and cell temperature (NaN: 25 °C).</summary>
    public static float Solar(SolarCalibration? c, float nameplateShare, float cellTempC)
    {
        if (c is null || float.IsNaN(nameplateShare)) return nameplateShare;
        var (p, pdt, p2) = SolarTerms(nameplateShare, cellTempC);
        return (float)Math.Clamp(c.Gain * p + c.TempGain * pdt + c.Quadratic * p2, 0, c.Clip);
    }

    /// <summary>The terms <see cref="SolarCalibration"/> weighs: P, P·(Tcell − 25 °C) and P², for a nameplate share P (cell temperature NaN: 25 °C).</summary>
    public static (double P, double PDt, double P2) SolarTerms(double nameplateShare, double cellTempC)
    {
        var dt = double.IsNaN(cellTempC) ? 0 : cellTempC - ReferenceCellTempC;
        return (nameplateShare, nameplateShare * dt, nameplateShare * nameplateShare);
    }

    /// <summary>Output ÷ capacity of a wind plant at a hub speed, air density (NaN: reference) and direction (NaN: any).</summary>
    public static float Wind(WindCalibration? c, float nameplateShare, double hubSpeedMs, double airDensity, double directionDeg)
    {
        if (c is null || double.IsNaN(hubSpeedMs)) return nameplateShare;
        var equivalent = c.IgnoresDensity ? hubSpeedMs : EquivalentSpeed(hubSpeedMs, airDensity);
        var curve = c.SectorPowerShare is { Length: > 0 } sectors && !double.IsNaN(directionDeg)
            ? sectors[SectorOf(directionDeg, sectors.Length)]
            : c.PowerShare;
        return (float)Interpolate(curve, c.BinWidthMs, equivalent);
    }

    /// <summary>The speed that carries the same power at the reference density: v·(ρ/1.225)^⅓.</summary>
    public static double EquivalentSpeed(double speedMs, double airDensity) =>
        double.IsNaN(airDensity) || airDensity <= 0 ? speedMs : speedMs * Math.Cbrt(airDensity / PlantModel.ReferenceAirDensity);

    public static int SectorOf(double directionDeg, int sectors)
    {
        var width = 360.0 / sectors;
        var d = ((directionDeg % 360) + 360 + width / 2) % 360;
        return Math.Min(sectors - 1, (int)(d / width));
    }

    /// <summary>Linear between bin centres; the first bin's value below its centre, the last bin's beyond its centre.</summary>
    public static double Interpolate(double[] bins, double width, double speedMs)
    {
        var x = speedMs / width - 0.5;
        if (x <= 0) return bins[0];
        var lo = (int)x;
        if (lo >= bins.Length - 1) return bins[^1];
        var f = x - lo;
        return bins[lo] + (bins[lo + 1] - bins[lo]) * f;
    }
}
