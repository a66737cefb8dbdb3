using System.Text.Json.Serialization;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Features.Contracts;

/// <summary>
/// What the feature builder needs to know about a plant. Build it from a registered <see cref="Site"/> with
/// <see cref="From"/>, or directly (the evaluation command reads it from a site JSON such as
/// <c>{"type":"solar","latitudeDeg":39.74,"longitudeDeg":-105.18,"capacityKw":1000,"tiltDeg":30}</c>).
/// Null values take the documented defaults.
/// </summary>
/// <param name="Type">Solar, wind or load; read from JSON as "solar"/"wind"/"load".</param>
/// <param name="LatitudeDeg">Degrees north.</param>
/// <param name="LongitudeDeg">Degrees east.</param>
/// <param name="CapacityKw">AC capacity, kW; targets and power features are divided by it.</param>
/// <param name="ElevationM">Metres above sea level; used by solar position, clear sky and standard pressure.</param>
/// <param name="TiltDeg">Panel tilt from horizontal; default latitude, capped at 60°.</param>
/// <param name="AzimuthDeg">Panel azimuth clockwise from north; default facing the equator (180° north, 0° south).</param>
/// <param name="HubHeightM">Turbine hub height; default 100 m.</param>
/// <param name="PowerCurveSpeedsMs">Power-curve speeds at hub height, ascending; default the generic 3/12/25 m/s curve.</param>
/// <param name="PowerCurvePowersKw">Power-curve output for each speed, kW.</param>
public sealed record FeatureSite(
    [property: JsonConverter(typeof(JsonStringEnumConverter<PlantType>))] PlantType Type,
    double LatitudeDeg,
    double LongitudeDeg,
    double CapacityKw,
    double ElevationM = 0,
    double? TiltDeg = null,
    double? AzimuthDeg = null,
    double? HubHeightM = null,
    IReadOnlyList<double>? PowerCurveSpeedsMs = null,
    IReadOnlyList<double>? PowerCurvePowersKw = null)
{
    /// <summary>
    /// The plant's physics refit to its own output, stored with the model that serves it; null for the nameplate
    /// physics (a new plant, or when fitting one).
    /// </summary>
    [JsonIgnore]
    public PlantCalibration? Calibration { get; init; }

    /// <summary>The registered site this describes, if any (models keep calibrations per site).</summary>
    [JsonIgnore]
    public long? SiteId { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country whose public holidays the load calendar uses; null for none.</summary>
    public string? Country { get; init; }

    /// <summary>IANA time zone of the local calendar (load); UTC when null or unknown.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Hub height assumed when a wind site gives none.</summary>
    public const double DefaultHubHeightM = 100;

    /// <summary>The feature view of a registered plant.</summary>
    public static FeatureSite From(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var curve = site.PowerCurve is { Count: > 0 } points ? points : null;
        return new FeatureSite(site.Type, site.Latitude, site.Longitude, site.CapacityKw, site.ElevationM ?? 0,
            site.TiltDeg, site.AzimuthDeg, site.HubHeightM,
            curve?.Select(p => p.WindSpeedMs).ToArray(), curve?.Select(p => p.PowerKw).ToArray())
        {
            SiteId = site.Id,
            TimeZone = site.TimeZone,
            Country = site.Country,
        };
    }
}
