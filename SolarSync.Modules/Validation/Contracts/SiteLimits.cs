namespace SolarSync.Modules.Validation.Contracts;

/// <summary>What validation needs to know about a site.</summary>
/// <param name="Latitude">Degrees north, −90..90.</param>
/// <param name="Longitude">Degrees east, −180..180.</param>
/// <param name="CapacityKw">Rated capacity, &gt; 0; power must lie within −1 %…110 % of it.</param>
/// <param name="AltitudeM">Metres above sea level, for the clear-sky model and the station-pressure range.</param>
public sealed record SiteLimits(double Latitude, double Longitude, double CapacityKw, double AltitudeM = 0);
