using System.Globalization;
using System.Text.Json;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Sources.NasaPower;

/// <summary>
/// Reads a POWER hourly point JSON response: <c>properties.parameter.&lt;NAME&gt;.&lt;YYYYMMDDHH&gt;</c> → value.
/// Strict: a missing parameter, a missing hour, an hour outside the requested days or a non-numeric value fails the
/// whole response rather than yielding a silently thinner result.
/// </summary>
internal static class NasaPowerHourlyParser
{
    /// <summary>POWER's documented fill value; <c>header.fill_value</c>, when present, is honoured as well.</summary>
    internal const double DefaultFillValue = -999.0;

    /// <summary>
    /// Hellmann power-law exponent for neutral stability over open terrain. POWER has no 100 m wind, so WS50M is
    /// lifted to 100 m with u100 = u50·(100/50)^(1/7) ≈ 1.104·u50: a standard first guess in wind resource work that
    /// is adequate as a model input (the true shear varies with stability and roughness, which the model learns).
    /// </summary>
    internal const double ShearExponent = 1.0 / 7.0;

    private static readonly double Wind50To100Factor = Math.Pow(100.0 / 50.0, ShearExponent);

    private const int Ghi = 0, Dni = 1, Dhi = 2, T2m = 3, Rh2m = 4, Ps = 5, Ws10m = 6, Ws50m = 7, Wd10m = 8;

    /// <summary>Requested parameters, in the order of the index constants above (9 of the 15 allowed per call).</summary>
    internal static readonly string[] Parameters =
    [
        "ALLSKY_SFC_SW_DWN", "ALLSKY_SFC_SW_DNI", "ALLSKY_SFC_SW_DIFF", "T2M", "RH2M", "PS", "WS10M", "WS50M", "WD10M",
    ];

    public static IReadOnlyList<Observation> Parse(JsonElement root, long siteId, DateOnly from, DateOnly to)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the response is not a JSON object");
        }

        var fillValue = DefaultFillValue;
        if (root.TryGetProperty("header", out var header) && header.ValueKind == JsonValueKind.Object)
        {
            if (header.TryGetProperty("fill_value", out var fill) && fill.ValueKind == JsonValueKind.Number)
            {
                fillValue = fill.GetDouble();
            }

            // Without time-standard=UTC POWER answers in local solar time; such hours must never be stored as UTC.
            if (header.TryGetProperty("time_standard", out var standard) && standard.ValueKind == JsonValueKind.String &&
                !string.Equals(standard.GetString(), "UTC", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"header.time_standard is '{standard.GetString()}', expected UTC");
            }
        }

        if (!root.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object ||
            !properties.TryGetProperty("parameter", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("properties.parameter is missing");
        }

        var firstHour = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var endExclusive = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var hours = new SortedDictionary<DateTimeOffset, double?[]>();

        for (var p = 0; p < Parameters.Length; p++)
        {
            var name = Parameters[p];
            if (!parameters.TryGetProperty(name, out var series) || series.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"properties.parameter.{name} is missing");
            }

            foreach (var entry in series.EnumerateObject())
            {
                var ts = ParseHour(name, entry.Name);
                if (ts < firstHour || ts >= endExclusive)
                {
                    throw new FormatException(
                        $"properties.parameter.{name}.{entry.Name} lies outside the requested days {from:yyyy-MM-dd}..{to:yyyy-MM-dd}");
                }

                if (!hours.TryGetValue(ts, out var values))
                {
                    hours[ts] = values = new double?[Parameters.Length];
                }

                values[p] = entry.Value.ValueKind switch
                {
                    JsonValueKind.Number => IsFill(entry.Value.GetDouble(), fillValue) ? null : entry.Value.GetDouble(),
                    JsonValueKind.Null => null,
                    _ => throw new FormatException($"properties.parameter.{name}.{entry.Name} is not a number"),
                };
            }
        }

        // POWER answers every requested hour (fill value where it has no data); fewer hours means a cut-off answer.
        var expectedHours = (int)(endExclusive - firstHour).TotalHours;
        if (hours.Count != expectedHours)
        {
            throw new FormatException($"the response covers {hours.Count} of the {expectedHours} requested hours");
        }

        var rows = new List<Observation>(hours.Count);
        foreach (var (ts, v) in hours)
        {
            rows.Add(new Observation
            {
                SiteId = siteId,
                Ts = ts,
                Source = ObservationSources.NasaPower,
                // ALLSKY_* hourly values are means over the hour that starts at the stamp (UTC with time-standard=UTC),
                // in W/m² (POWER labels them Wh/m², the energy of one hour, which is the same number).
                GhiWm2 = v[Ghi],
                DniWm2 = v[Dni],
                DhiWm2 = v[Dhi],
                TempC = v[T2m],
                RelHumidityPct = v[Rh2m],
                PressureHpa = v[Ps] * 10.0, // kPa → hPa
                WindSpeed10mMs = v[Ws10m],
                WindSpeed100mMs = v[Ws50m] * Wind50To100Factor,
                WindDirDeg = v[Wd10m],
            });
        }

        return rows;
    }

    private static bool IsFill(double value, double fillValue) =>
        Math.Abs(value - fillValue) < 1e-9 || Math.Abs(value - DefaultFillValue) < 1e-9;

    private static DateTimeOffset ParseHour(string parameter, string key)
    {
        if (!DateTime.TryParseExact(key, "yyyyMMddHH", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
        {
            throw new FormatException($"properties.parameter.{parameter} has an invalid hour key '{key}' (expected YYYYMMDDHH)");
        }

        return new DateTimeOffset(utc, TimeSpan.Zero);
    }
}
