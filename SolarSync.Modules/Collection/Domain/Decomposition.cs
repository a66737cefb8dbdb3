using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Modules.Collection.Domain;

/// <summary>Splits GHI into beam and diffuse when a source gives GHI alone.</summary>
internal static class Decomposition
{
    /// <summary>
    /// Erbs, Klein &amp; Duffie (1982): diffuse fraction as a function of the clearness index kt = GHI / (E0n cos z).
    /// </summary>
    public static (double DniWm2, double DhiWm2) Erbs(double ghiWm2, SolarAngles sun)
    {
        var cosZ = Math.Cos(sun.ZenithDeg * Math.PI / 180);
        if (ghiWm2 <= 0 || cosZ <= 0.065) return (0, Math.Max(ghiWm2, 0)); // sun within ~3.7° of the horizon
        var kt = Math.Clamp(ghiWm2 / (sun.ExtraterrestrialNormalWm2 * cosZ), 0, 1);
        var diffuseFraction = kt <= 0.22 ? 1 - 0.09 * kt
            : kt <= 0.80 ? 0.9511 - 0.1604 * kt + 4.388 * kt * kt - 16.638 * Math.Pow(kt, 3) + 12.336 * Math.Pow(kt, 4)
            : 0.165;
        var dhi = ghiWm2 * diffuseFraction;
        return ((ghiWm2 - dhi) / cosZ, dhi);
    }
}
