using System.Text;
using System.Text.Json;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Api;

/// <summary>A forecast as served (docs/architecture.md §6); kW, UTC hour starts.</summary>
public sealed record ForecastResponse(
    ForecastSiteView Site,
    string Type,
    string Unit,
    string ModelVersion,
    string ModelFamily,
    DateTimeOffset GeneratedAt,
    DateTimeOffset IssuedAt,
    IReadOnlyList<ForecastPointView> Points,
    ForecastMetadataView Metadata);

public sealed record ForecastSiteView(long Id, string Name, double Latitude, double Longitude, double CapacityKw);

/// <summary>p50 is the median forecast of the hour's mean output; p10–p90 the 80 % interval.</summary>
public sealed record ForecastPointView(DateTimeOffset Timestamp, double P50, double P10, double P90);

/// <summary>
/// historical_context: "observed" (the model read the stored last 48 h) or "missing" (too little history: the physical
/// model stood in); history_hours: hours of the last 48 with stored output; weather_issued_at: the stored weather
/// forecast used, null when none (clear sky and recent output stood in); cache: "hit", "miss" or "bypass".
/// </summary>
public sealed record ForecastMetadataView(string HistoricalContext, int HistoryHours, DateTimeOffset? WeatherIssuedAt, string Cache);

internal static class ForecastJson
{
    public const string ContentType = "application/json; charset=utf-8";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // Metadata is the last property and cache its last field, so the outcome can be set in the serialized bytes of a
    // cached forecast. Inside a JSON string every quote is escaped, so this byte sequence only occurs as the field.
    private static readonly byte[] MissMarker = Encoding.UTF8.GetBytes("\"cache\":\"miss\"");

    public static ForecastResponse ToResponse(SiteForecast f) => new(
        new ForecastSiteView(f.Site.Id, f.Site.Name, f.Site.Latitude, f.Site.Longitude, f.Site.CapacityKw),
        f.Site.Type.ToDbName(),
        "kW",
        f.ModelVersion,
        f.ModelFamily,
        f.GeneratedAt,
        f.IssuedAt,
        f.Points.Select(p => new ForecastPointView(p.Timestamp, RoundKw(p.P50), RoundKw(p.P10), RoundKw(p.P90))).ToList(),
        new ForecastMetadataView(f.Metadata.HistoricalContext, f.Metadata.HistoryHours, f.Metadata.WeatherIssuedAt, "miss"));

    /// <summary>UTF-8 JSON with metadata.cache = "miss".</summary>
    public static byte[] Serialize(ForecastResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, Options);

    public static ForecastResponse Deserialize(byte[] json) =>
        JsonSerializer.Deserialize<ForecastResponse>(json, Options) ?? throw new FormatException("The forecast JSON is null.");

    /// <summary>The serialized forecast with another cache outcome ("hit" or "bypass").</summary>
    public static byte[] WithCacheOutcome(byte[] json, string outcome)
    {
        if (outcome == "miss") return json;
        var at = json.AsSpan().LastIndexOf(MissMarker);
        if (at < 0) throw new FormatException("The cached forecast has no cache field.");
        var replacement = Encoding.UTF8.GetBytes($"\"cache\":\"{outcome}\"");
        var result = new byte[json.Length - MissMarker.Length + replacement.Length];
        json.AsSpan(0, at).CopyTo(result);
        replacement.CopyTo(result.AsSpan(at));
        json.AsSpan(at + MissMarker.Length).CopyTo(result.AsSpan(at + replacement.Length));
        return result;
    }

    /// <summary>kW to the watt: plenty of resolution for a forecast, and shorter numbers make a smaller response.</summary>
    internal static double RoundKw(double kw) => Math.Round(kw, 3);
}
