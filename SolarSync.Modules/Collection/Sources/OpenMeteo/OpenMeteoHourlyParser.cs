using System.Globalization;
using System.Text.Json;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Sources.OpenMeteo;

/// <summary>
/// Reads the <c>hourly</c> block of an Open-Meteo forecast or archive response into hour-start UTC rows.
/// </summary>
/// <remarks>
/// Time convention. Open-Meteo stamps radiation (shortwave, direct normal, diffuse) with the END of the hour it
/// averages: the value at T is the mean over T−1h..T. Our rows are stamped with the START of the hour they average,
/// so a radiation value stamped T goes to our hour T−1h. The other fields (temperature, humidity, pressure, cloud
/// cover, wind) are instantaneous values at their stamp and stay at T: the value at the start of the hour is the best
/// single stand-in for its mean we have, and moving it would trade one half-hour bias for another.
/// Consequence: an hour is emitted only when the response holds both its own stamp and the next one (its radiation),
/// so the last stamp of a response yields no row and the radiation of the first stamp (which belongs to the hour
/// before the response) is not used.
/// </remarks>
internal static class OpenMeteoHourlyParser
{
    internal static readonly string[] HourlyFields =
    [
        "temperature_2m", "relative_humidity_2m", "surface_pressure", "cloud_cover", "shortwave_radiation",
        "direct_normal_irradiance", "diffuse_radiation", "wind_speed_10m", "wind_speed_100m", "wind_direction_100m",
    ];

    private const int Temp = 0, Rh = 1, Pressure = 2, Cloud = 3, Ghi = 4, Dni = 5, Dhi = 6, Ws10m = 7, Ws100m = 8, Wd100m = 9;

    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <param name="missingFieldsAreNull">
    /// True for the archive, whose reanalysis lacks some fields at some places: a missing field becomes null in every
    /// row. False for the forecast, where a missing field means the request or the API changed.
    /// </param>
    /// <param name="range">
    /// When given, only hours in [Start, EndExclusive) are returned and every one of them must be present.
    /// </param>
    public static IReadOnlyList<Observation> Parse(JsonElement root, long siteId, bool missingFieldsAreNull,
        (DateTimeOffset Start, DateTimeOffset EndExclusive)? range = null)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the response is not a JSON object");
        }

        // We ask for timezone=UTC, so the offset should be 0; if the API ever answers in local time we convert rather
        // than store local hours as UTC. (A fixed offset is right only without DST, which UTC and GMT+n zones have.)
        var offset = TimeSpan.Zero;
        if (root.TryGetProperty("utc_offset_seconds", out var offsetElement))
        {
            if (offsetElement.ValueKind != JsonValueKind.Number || !offsetElement.TryGetInt32(out var seconds))
            {
                throw new FormatException("utc_offset_seconds is not an integer");
            }

            offset = TimeSpan.FromSeconds(seconds);
        }

        if (!root.TryGetProperty("hourly", out var hourly) || hourly.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("hourly is missing");
        }

        CheckUnits(root);
        var stamps = ReadTimes(hourly, offset);
        var series = new double?[HourlyFields.Length][];
        for (var f = 0; f < HourlyFields.Length; f++)
        {
            series[f] = ReadSeries(hourly, HourlyFields[f], stamps.Length, missingFieldsAreNull);
        }

        var indexOfStamp = new Dictionary<DateTimeOffset, int>(stamps.Length);
        for (var i = 0; i < stamps.Length; i++)
        {
            indexOfStamp[stamps[i]] = i;
        }

        var rows = new List<Observation>(stamps.Length);
        for (var i = 0; i < stamps.Length; i++)
        {
            var hourStart = stamps[i];
            if (range is { } r && (hourStart < r.Start || hourStart >= r.EndExclusive))
            {
                continue;
            }

            if (!indexOfStamp.TryGetValue(hourStart.AddHours(1), out var rad))
            {
                continue; // the radiation of this hour lies beyond the response (see remarks)
            }

            rows.Add(new Observation
            {
                SiteId = siteId,
                Ts = hourStart,
                Source = ObservationSources.OpenMeteo,
                TempC = series[Temp][i],
                RelHumidityPct = series[Rh][i],
                PressureHpa = series[Pressure][i],
                CloudCoverPct = series[Cloud][i],
                GhiWm2 = series[Ghi][rad],
                DniWm2 = series[Dni][rad],
                DhiWm2 = series[Dhi][rad],
                WindSpeed10mMs = series[Ws10m][i],
                WindSpeed100mMs = series[Ws100m][i],
                WindDirDeg = series[Wd100m][i],
            });
        }

        if (range is { } requested)
        {
            var expected = (int)(requested.EndExclusive - requested.Start).TotalHours;
            if (rows.Count != expected)
            {
                throw new FormatException($"the response covers {rows.Count} of the {expected} requested hours");
            }
        }

        return rows;
    }

    /// <summary>Units are echoed in hourly_units; a km/h wind (wind_speed_unit ignored) would be 3.6 times too high.</summary>
    private static void CheckUnits(JsonElement root)
    {
        if (!root.TryGetProperty("hourly_units", out var units) || units.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var (field, expected) in new[] { ("wind_speed_10m", "m/s"), ("wind_speed_100m", "m/s"), ("temperature_2m", "°C") })
        {
            if (units.TryGetProperty(field, out var unit) && unit.ValueKind == JsonValueKind.String &&
                unit.GetString() != expected)
            {
                throw new FormatException($"hourly_units.{field} is '{unit.GetString()}', expected '{expected}'");
            }
        }
    }

    private static DateTimeOffset[] ReadTimes(JsonElement hourly, TimeSpan offset)
    {
        if (!hourly.TryGetProperty("time", out var times) || times.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("hourly.time is missing");
        }

        var stamps = new DateTimeOffset[times.GetArrayLength()];
        var i = 0;
        foreach (var element in times.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String ||
                !DateTime.TryParseExact(element.GetString(), TimeFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var local))
            {
                throw new FormatException($"hourly.time[{i}] is not an ISO 8601 local time: {element.GetRawText()}");
            }

            var utc = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToUniversalTime();
            if (utc.Minute != 0 || utc.Second != 0)
            {
                throw new FormatException($"hourly.time[{i}] = {element.GetString()} is not on the hour");
            }

            if (i > 0 && utc <= stamps[i - 1])
            {
                throw new FormatException($"hourly.time[{i}] = {element.GetString()} is not after the previous time");
            }

            stamps[i++] = utc;
        }

        return stamps;
    }

    private static double?[] ReadSeries(JsonElement hourly, string field, int length, bool missingIsNull)
    {
        var values = new double?[length];
        if (!hourly.TryGetProperty(field, out var array))
        {
            return missingIsNull ? values : throw new FormatException($"hourly.{field} is missing");
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != length)
        {
            throw new FormatException($"hourly.{field} is not an array as long as hourly.time ({length})");
        }

        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            values[i] = element.ValueKind switch
            {
                JsonValueKind.Number => element.GetDouble(),
                JsonValueKind.Null => null,
                _ => throw new FormatException($"hourly.{field}[{i}] is not a number: {element.GetRawText()}"),
            };
            i++;
        }

        return values;
    }
}
