using System.Text.Json;
using System.Text.Json.Serialization;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>The <c>&lt;name&gt;.site.json</c> of the evaluation format: the plant an evaluation CSV belongs to.</summary>
internal sealed record EvaluationSiteFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("latitude")] double? Latitude,
    [property: JsonPropertyName("longitude")] double? Longitude,
    [property: JsonPropertyName("capacity_kw")] double CapacityKw,
    [property: JsonPropertyName("tilt_deg")] double? TiltDeg,
    [property: JsonPropertyName("azimuth_deg")] double? AzimuthDeg,
    [property: JsonPropertyName("hub_height_m")] double? HubHeightM,
    [property: JsonPropertyName("elevation_m")] double? ElevationM,
    [property: JsonPropertyName("country")] string? Country = null,
    [property: JsonPropertyName("time_zone")] string? TimeZone = null)
{
    public static EvaluationSiteFile Read(string path)
    {
        var site = JsonSerializer.Deserialize<EvaluationSiteFile>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} holds no site.");
        if (site.Type is not ("solar" or "wind" or "load")) throw new InvalidDataException($"{path}: type must be solar, wind or load, not '{site.Type}'.");
        if (!(site.CapacityKw > 0)) throw new InvalidDataException($"{path}: capacity_kw must be positive.");
        if (site.Type == "solar" && (site.Latitude is null || site.Longitude is null))
            throw new InvalidDataException($"{path}: a solar plant needs latitude and longitude.");
        return site;
    }
}
