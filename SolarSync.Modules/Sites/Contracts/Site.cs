namespace SolarSync.Modules.Sites.Contracts;

/// <summary>What a site's output is: generation (solar, wind) or metered consumption (load).</summary>
public enum PlantType
{
    Solar,
    Wind,
    Load,
}

/// <summary>One point of a turbine's power curve: output at a hub-height wind speed.</summary>
public sealed record PowerCurvePoint(double WindSpeedMs, double PowerKw);

/// <summary>
/// A registered plant. Solar sites carry tilt/azimuth, wind sites hub height and power curve; load sites (metered
/// consumers, whose capacity is the peak demand) the country whose public holidays shape their demand.
/// </summary>
public sealed record Site(
    long Id,
    string Name,
    PlantType Type,
    double Latitude,
    double Longitude,
    double CapacityKw,
    double? TiltDeg,
    double? AzimuthDeg,
    double? HubHeightM,
    IReadOnlyList<PowerCurvePoint>? PowerCurve,
    string TimeZone,
    bool IsDemo,
    DateTimeOffset CreatedAt,
    double? ElevationM = null,
    string? Country = null);
