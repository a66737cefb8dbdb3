namespace SolarSync.Modules.Shared.Physics;

public readonly record struct PoaIrradiance(double TotalWm2, double BeamWm2, double SkyDiffuseWm2, double GroundDiffuseWm2);

/// <summary>Irradiance on a tilted plane from GHI/DNI/DHI.</summary>
public static class PlaneOfArray
{
    private const double DegToRad = Math.PI / 180;

    // cos 89°: the beam ratio Rb = cos AOI / cos z grows without bound as the sun nears the horizon, so its
    // denominator is floored there to keep the circumsolar term finite at sunrise and sunset.
    private const double MinCosZenith = 0.017452406;

    /// <summary>Beam by angle of incidence, sky diffuse by the Hay–Davies model, ground-reflected by albedo.</summary>
    public static PoaIrradiance Transpose(double ghiWm2, double dniWm2, double dhiWm2, SolarAngles sun,
        double tiltDeg, double azimuthDeg, double albedo = 0.2)
    {
        var cosAoi = CosAngleOfIncidence(sun.ZenithDeg, sun.AzimuthDeg, tiltDeg, azimuthDeg);
        var sunUp = sun.ZenithDeg < 90;
        var cosTilt = Math.Cos(tiltDeg * DegToRad);

        var beam = sunUp ? Math.Max(dniWm2, 0) * Math.Max(cosAoi, 0) : 0;

        // Hay & Davies (1980): the anisotropy index Ai = DNI / I0n is the share of diffuse that comes from the
        // circumsolar region and is projected like beam (ratio Rb); the rest is isotropic, seen through the sky
        // view factor (1 + cos β)/2. See also Duffie & Beckman (2013), §2.16.
        var dhi = Math.Max(dhiWm2, 0);
        var anisotropy = sun.ExtraterrestrialNormalWm2 > 0
            ? Math.Clamp(Math.Max(dniWm2, 0) / sun.ExtraterrestrialNormalWm2, 0, 1)
            : 0;
        var rb = sunUp ? Math.Max(cosAoi, 0) / Math.Max(Math.Cos(sun.ZenithDeg * DegToRad), MinCosZenith) : 0;
        var skyDiffuse = dhi * (anisotropy * rb + (1 - anisotropy) * (1 + cosTilt) / 2);

        // Isotropic reflection from a horizontal ground, view factor (1 − cos β)/2 (Liu & Jordan 1963).
        var ground = Math.Max(ghiWm2, 0) * albedo * (1 - cosTilt) / 2;

        return new PoaIrradiance(beam + skyDiffuse + ground, beam, skyDiffuse, ground);
    }

    /// <summary>cos of the angle between the sun and the panel normal (Duffie &amp; Beckman 2013, eq. 1.6.3 in zenith form).</summary>
    public static double CosAngleOfIncidence(double sunZenithDeg, double sunAzimuthDeg, double tiltDeg, double panelAzimuthDeg)
    {
        var (sinZ, cosZ) = Math.SinCos(sunZenithDeg * DegToRad);
        var (sinTilt, cosTilt) = Math.SinCos(tiltDeg * DegToRad);
        var cosAoi = cosZ * cosTilt + sinZ * sinTilt * Math.Cos((sunAzimuthDeg - panelAzimuthDeg) * DegToRad);
        return Math.Clamp(cosAoi, -1, 1);
    }
}
