namespace SolarSync.Modules.Shared.Physics;

/// <summary>Splits GHI into beam and diffuse when a source or forecast gives GHI alone.</summary>
public static class Decomposition
{
    // Erbs et al. stop at cos z ≤ 0.065 (sun within ~3.7° of the horizon), where kt is no longer meaningful.
    private const double MinCosZenithForErbs = 0.065;

    /// <summary>
    /// Erbs, Klein &amp; Duffie (1982), Solar Energy 28(4), eq. 1: the diffuse fraction of GHI as a piecewise function
    /// of the clearness index kt = GHI ÷ (E0n cos z); beam is the rest, projected to the normal.
    /// </summary>
    public static (double DniWm2, double DhiWm2) Erbs(double ghiWm2, SolarAngles sun)
    {
        var cosZenith = Math.Cos(sun.ZenithDeg * Math.PI / 180);
        if (!(ghiWm2 > 0)) return (0, 0);
        if (cosZenith <= MinCosZenithForErbs) return (0, ghiWm2);

        var kt = Math.Clamp(ghiWm2 / (sun.ExtraterrestrialNormalWm2 * cosZenith), 0, 1);
        double diffuseFraction;
        if (kt <= 0.22)
        {
            diffuseFraction = 1 - 0.09 * kt;
        }
        else if (kt <= 0.80)
        {
            // Horner form of 0.9511 − 0.1604 kt + 4.388 kt² − 16.638 kt³ + 12.336 kt⁴.
            diffuseFraction = 0.9511 + kt * (-0.1604 + kt * (4.388 + kt * (-16.638 + kt * 12.336)));
        }
        else
        {
            diffuseFraction = 0.165;
        }

        var dhi = ghiWm2 * diffuseFraction;
        return ((ghiWm2 - dhi) / cosZenith, dhi);
    }
}
