namespace SolarSync.Modules.Shared.Physics;

public readonly record struct ClearSkyIrradiance(double GhiWm2, double DniWm2, double DhiWm2);

/// <summary>Clear-sky irradiance models.</summary>
public static class ClearSky
{
    private const double DegToRad = Math.PI / 180;

    /// <summary>Ineichen–Perez (2002) with a Linke turbidity; zero when the sun is below the horizon.</summary>
    public static ClearSkyIrradiance Ineichen(SolarAngles sun, double altitudeM = 0, double linkeTurbidity = 3.0)
    {
        if (sun.ZenithDeg >= 90 || double.IsNaN(sun.ZenithDeg))
        {
            return default;
        }

        var cosZ = Math.Cos(sun.ZenithDeg * DegToRad);
        var i0 = sun.ExtraterrestrialNormalWm2;
        var tl = linkeTurbidity;

        // The model is fitted on pressure-corrected air mass: Kasten & Young (1989) relative air mass times
        // p/p0 = exp(-h/8434.5), the isothermal-atmosphere scale height Kasten & Young use.
        var airMass = KastenYoungAirMass(sun.ZenithDeg) * Math.Exp(-altitudeM / 8434.5);

        // Ineichen & Perez (2002): altitude-dependent coefficients and scale heights of the
        // Rayleigh-dominated (8000 m) and aerosol-dominated (1250 m) layers.
        var fh1 = Math.Exp(-altitudeM / 8000);
        var fh2 = Math.Exp(-altitudeM / 1250);
        var cg1 = 5.09e-5 * altitudeM + 0.868;
        var cg2 = 3.92e-5 * altitudeM + 0.0387;

        // The factor exp(0.01·AM^1.8) that Perez et al. (2002, the satellite model) add is left out: it comes from a
        // different paper and inflates GHI at high air mass (the reason pvlib made it opt-in, pvlib issue #435).
        var ghi = Math.Max(cg1 * i0 * cosZ * Math.Exp(-cg2 * airMass * (fh1 + fh2 * (tl - 1))), 0);

        // Beam, Ineichen & Perez (2002), capped by their empirical correction that keeps the beam consistent with
        // the global value at low turbidity.
        var b = 0.664 + 0.163 / fh1;
        var beamFromTurbidity = b * i0 * Math.Exp(-0.09 * airMass * (tl - 1));
        var beamFromGlobal = ghi * (1 - (0.1 - 0.2 * Math.Exp(-tl)) / (0.1 + 0.882 / fh1)) / cosZ;
        var dni = Math.Max(Math.Min(beamFromTurbidity, beamFromGlobal), 0);

        var dhi = Math.Max(ghi - dni * cosZ, 0);
        return new ClearSkyIrradiance(ghi, dni, dhi);
    }

    /// <summary>Haurwitz (1945) clear-sky GHI from the zenith angle alone.</summary>
    public static double HaurwitzGhi(double zenithDeg)
    {
        if (!(zenithDeg < 90))
        {
            return 0;
        }

        // GHI = 1098 cos z · exp(-0.059 / cos z), Haurwitz (1945), constants as given in Reno, Hansen & Stein (2012), SAND2012-2389.
        var cosZ = Math.Cos(zenithDeg * DegToRad);
        return 1098 * cosZ * Math.Exp(-0.059 / cosZ);
    }

    /// <summary>Relative optical air mass, Kasten &amp; Young (1989): 1 / (cos z + 0.50572 (96.07995° − z)^−1.6364).</summary>
    public static double KastenYoungAirMass(double zenithDeg)
    {
        if (!(zenithDeg < 90))
        {
            // The fit stays finite to about 96°, but no air mass is meaningful once the sun has set.
            return double.NaN;
        }

        return 1 / (Math.Cos(zenithDeg * DegToRad) + 0.50572 * Math.Pow(96.07995 - zenithDeg, -1.6364));
    }
}
