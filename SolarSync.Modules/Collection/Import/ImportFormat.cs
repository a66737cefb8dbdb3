namespace SolarSync.Modules.Collection.Import;

/// <summary>The CSV layouts the importers read (docs/architecture.md §3, CSV imports).</summary>
internal enum ImportFormat
{
    /// <summary>NSRDB PSM v3: two metadata rows, then Year, Month, Day, Hour, Minute, GHI, …</summary>
    Psm3,

    /// <summary>Meter readings: timestamp, active_power_kw, …</summary>
    Meter,

    /// <summary>Generic weather: timestamp plus any of ghi, dni, dhi, temp_c, …</summary>
    Weather,

    /// <summary>The SolarSync evaluation format: one plant's hourly power and weather (see EvalCsvParser).</summary>
    Eval,
}

internal static class ImportFormats
{
    /// <summary>The names accepted on the wire, in the order error messages list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["psm3", "meter", "weather", "eval"];

    public static string ToName(this ImportFormat format) => format switch
    {
        ImportFormat.Psm3 => "psm3",
        ImportFormat.Meter => "meter",
        ImportFormat.Weather => "weather",
        ImportFormat.Eval => "eval",
        _ => throw UnknownFormat(((int)format).ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>Reads "psm3", "meter", "weather" or "eval", ignoring case and surrounding whitespace.</summary>
    public static bool TryParse(string? text, out ImportFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "psm3": format = ImportFormat.Psm3; return true;
            case "meter": format = ImportFormat.Meter; return true;
            case "weather": format = ImportFormat.Weather; return true;
            case "eval": format = ImportFormat.Eval; return true;
            default: format = default; return false;
        }
    }

    /// <exception cref="ImportFormatException">The text names no known format.</exception>
    public static ImportFormat Parse(string? text) =>
        TryParse(text, out var format) ? format : throw UnknownFormat(text);

    internal static ImportFormatException UnknownFormat(string? text) =>
        new($"Unknown import format '{text}': expected one of {string.Join(", ", Names)}.");
}
