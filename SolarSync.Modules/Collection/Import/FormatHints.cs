namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// When a header does not fit the chosen layout, a guess at what the file is instead, so the message says what
/// to do ("choose format 'psm3'") rather than only what is missing.
/// </summary>
internal static class FormatHints
{
    public static string Hint(IReadOnlyList<string> firstRow, ImportFormat chosen)
    {
        var names = new HashSet<string>(firstRow.Select(n => n.Trim()), StringComparer.OrdinalIgnoreCase);
        if (firstRow.Count == 1 && firstRow[0].IndexOfAny([';', '\t', '|']) >= 0)
        {
            return " The fields seem to be separated by ';', tab or '|'; expected ','.";
        }

        ImportFormat? guess =
            names.Contains("Latitude") && names.Contains("Time Zone") ? ImportFormat.Psm3
            : names.Contains("Year") && names.Contains("GHI") ? ImportFormat.Psm3
            : !names.Contains(TimestampedCsvParser.TimestampColumn) ? null
            : names.Contains("ghi_clear") && names.Contains("wind_speed_hub") ? ImportFormat.Eval
            : names.Contains("active_power_kw") ? ImportFormat.Meter
            : WeatherCsvParser.Layout.Columns.Any(c => names.Contains(c.Name)) ? ImportFormat.Weather
            : null;

        if (guess is not { } format || format == chosen)
        {
            return string.Empty;
        }

        var extra = format == ImportFormat.Psm3 && names.Contains("Year")
            ? " whose two metadata rows are missing"
            : string.Empty;
        return $" It looks like a {format.ToName()} file{extra}: choose format '{format.ToName()}'.";
    }
}
