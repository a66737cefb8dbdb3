using System.Globalization;
using System.Text.Json;

namespace SolarSync.Modules.Devices.IngestTelemetry;

/// <summary>
/// Reads a telemetry payload: a JSON object {timestamp, power_kw, ghi?, temperature?, wind_speed?, wind_dir?}.
/// timestamp is ISO 8601 with a UTC offset ("2026-12-06T10:05:00Z") or Unix seconds; other fields are ignored.
/// </summary>
internal static class TelemetryPayload
{
    /// <returns>The reading, or null with the reasons it could not be read ("rule-id: message").</returns>
    public static TelemetryReading? Read(ReadOnlySpan<byte> json, out List<string> reasons)
    {
        reasons = [];
        DateTimeOffset? timestamp = null;
        double? power = null, ghi = null, temperature = null, windSpeed = null, windDir = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reasons.Add($"{TelemetryRules.NotJson}: the payload is not a JSON object");
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "timestamp": timestamp = ReadTimestamp(ref reader, reasons); break;
                    case "power_kw": power = ReadNumber(ref reader, name, reasons); break;
                    case "ghi": ghi = ReadNumber(ref reader, name, reasons); break;
                    case "temperature": temperature = ReadNumber(ref reader, name, reasons); break;
                    case "wind_speed": windSpeed = ReadNumber(ref reader, name, reasons); break;
                    case "wind_dir": windDir = ReadNumber(ref reader, name, reasons); break;
                    default: reader.Skip(); break;
                }
            }
            // Reads to the end, so trailing garbage after the object is caught.
            while (reader.Read()) { }
        }
        catch (JsonException e)
        {
            reasons.Add($"{TelemetryRules.NotJson}: {e.Message}");
            return null;
        }

        if (timestamp is null && !reasons.Any(r => r.Contains("'timestamp'", StringComparison.Ordinal)))
            reasons.Add($"{TelemetryRules.MissingField}: 'timestamp' is required");
        if (power is null && !reasons.Any(r => r.Contains("'power_kw'", StringComparison.Ordinal)))
            reasons.Add($"{TelemetryRules.MissingField}: 'power_kw' is required");
        if (reasons.Count > 0) return null;
        return new TelemetryReading(timestamp!.Value, power!.Value, ghi, temperature, windSpeed, windDir);
    }

    private static double? ReadNumber(ref Utf8JsonReader reader, string name, List<string> reasons)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)) return value;
        reasons.Add($"{TelemetryRules.WrongType}: '{name}' must be a number, not {Describe(ref reader)}");
        reader.Skip();
        return null;
    }

    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, List<string> reasons)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds) && double.IsFinite(seconds)
            && seconds is >= 0 and < 253402300800) // before year 10000
        {
            return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            // An offset is required: a device's local wall clock is ambiguous twice a year and unknown to us.
            if (HasOffset(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                return parsed.ToUniversalTime();
            reasons.Add($"{TelemetryRules.WrongType}: 'timestamp' \"{Clip(text)}\" is not ISO 8601 with a UTC offset (e.g. 2026-12-06T10:05:00Z)");
            return null;
        }

        reasons.Add($"{TelemetryRules.WrongType}: 'timestamp' must be an ISO 8601 string or Unix seconds, not {Describe(ref reader)}");
        reader.Skip();
        return null;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (t < 0) return false;
        var time = text.AsSpan(t + 1);
        return time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.IndexOfAny('+', '-') >= 0;
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{Clip(reader.GetString() ?? "")}\"",
        JsonTokenType.Number => "a number out of range",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => reader.TokenType.ToString().ToLowerInvariant(),
    };

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
