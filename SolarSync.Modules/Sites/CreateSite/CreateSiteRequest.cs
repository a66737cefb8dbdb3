using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Sites.CreateSite;

/// <summary>
/// A plant to register. Every field is nullable so that a missing one is reported by name rather than failing
/// JSON binding. A load site's <c>capacity_kw</c> is its peak demand, and it needs a <c>country</c> (ISO 3166-1
/// alpha-2) for its public holidays.
/// </summary>
public sealed record CreateSiteRequest(
    string? Name,
    string? Type,
    double? Latitude,
    double? Longitude,
    double? CapacityKw,
    double? TiltDeg = null,
    double? AzimuthDeg = null,
    double? HubHeightM = null,
    IReadOnlyList<PowerCurvePoint>? PowerCurve = null,
    string? TimeZone = null,
    double? ElevationM = null,
    string? Country = null);
