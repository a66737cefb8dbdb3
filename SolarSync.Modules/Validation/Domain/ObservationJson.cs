using System.Text.Json;
using System.Text.Json.Serialization;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>The quarantine payload of a rejected row: the row itself, as the API would write it.</summary>
internal static class ObservationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Rows are often rejected precisely because a value is NaN or infinite; plain JSON cannot hold those,
        // and losing the row would break "nothing is dropped silently".
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(Observation row) => JsonSerializer.Serialize(row, Options);

    /// <summary>The row back from a payload written by <see cref="Serialize"/>; null for any other payload.</summary>
    public static Observation? TryDeserialize(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<Observation>(payload, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
