namespace SolarSync.Modules.Shared.Physics;

public readonly record struct ClearSkyIrradiance(double GhiWm2, double DniWm2, double DhiWm2);

/// <summary>Clear-sky irradiance models.</summary>
public static class ClearSky
{
    /// <summary>Ineichen–Perez (2002) with a Linke turbidity; zero when the sun is below the horizon.</summary>
    public static ClearSkyIrradiance Ineichen(SolarAngles sun, double altitudeM = 0, double linkeTurbidity = 3.0) =>
        throw new NotImplementedException();

    /// <summary>Haurwitz (1945) clear-sky GHI from the zenith angle alone.</summary>
    public static double HaurwitzGhi(double zenithDeg) => throw new NotImplementedException();
}
