namespace SolarSync.Modules.Shared.Physics;

public readonly record struct PoaIrradiance(double TotalWm2, double BeamWm2, double SkyDiffuseWm2, double GroundDiffuseWm2);

/// <summary>Irradiance on a tilted plane from GHI/DNI/DHI.</summary>
public static class PlaneOfArray
{
    /// <summary>Beam by angle of incidence, sky diffuse by the Hay–Davies model, ground-reflected by albedo.</summary>
    public static PoaIrradiance Transpose(double ghiWm2, double dniWm2, double dhiWm2, SolarAngles sun,
        double tiltDeg, double azimuthDeg, double albedo = 0.2) => throw new NotImplementedException();
}
