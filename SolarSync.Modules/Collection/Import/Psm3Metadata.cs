namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// The site description of an NSRDB PSM3 file (its first two rows).
/// <see cref="TimeZoneOffsetHours"/> is the offset from UTC the file's timestamps are written in (0 = UTC).
/// </summary>
internal sealed record Psm3Metadata(double Latitude, double Longitude, int TimeZoneOffsetHours, double? ElevationM);
