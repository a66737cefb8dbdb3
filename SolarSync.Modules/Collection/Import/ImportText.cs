using System.Buffers;
using System.Globalization;
using System.Text;

namespace SolarSync.Modules.Collection.Import;

/// <summary>Parsing of field values and the wording of rejection reasons, shared by every layout.</summary>
internal static class ImportText
{
    // Long enough to show what was wrong, short enough that a garbage field cannot bloat a reason.
    private const int MaxQuotedValue = 60;

    /// <summary>ISO 8601 date and time, with or without seconds, fraction and offset ('T' or a space between).</summary>
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
    ];

    public static string Clip(string text, int max = MaxQuotedValue) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    /// <summary>
    /// A number in invariant culture; empty, blank or "NaN" is missing (null). Anything else that is not a
    /// finite number adds a reason.
    /// </summary>
    public static double? ParseNumber(string text, string column, long line, List<string> reasons)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return null;
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            if (double.IsNaN(value))
            {
                return null;
            }

            if (double.IsFinite(value))
            {
                return value;
            }
        }

        reasons.Add($"line {line}: '{column}' is not a number: '{Clip(text)}'");
        return null;
    }

    /// <summary>
    /// <see cref="ParseNumber(string, string, long, List{string})"/> of field <paramref name="index"/> of the current
    /// record. A plain ASCII field, nearly every one, is read straight from the reader's bytes, where ASCII whitespace
    /// and number syntax mean the same as in the string; anything else, and every field that is not a finite number
    /// or missing, goes through the string, so results and reasons are the same either way.
    /// </summary>
    public static double? ParseNumber(CsvRecordCursor row, int index, string column, long line, List<string> reasons)
    {
        var utf8 = row.FieldUtf8(index);
        if (Ascii.IsValid(utf8))
        {
            if (utf8.IndexOfAnyExcept(AsciiWhitespace) < 0)
            {
                return null;
            }

            if (double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }
        }

        return ParseNumber(row.Field(index), column, line, reasons);
    }

    // What string.Trim and NumberStyles.AllowLeadingWhite/AllowTrailingWhite both take as whitespace in ASCII.
    private static readonly SearchValues<byte> AsciiWhitespace = SearchValues.Create("\t\n\v\f\r "u8);

    /// <summary>A whole number (a PSM3 date part); adds a reason when it is empty or not one.</summary>
    public static int? ParseWholeNumber(string text, string column, long line, List<string> reasons)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            reasons.Add($"line {line}: '{column}' is empty");
            return null;
        }

        if (int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        reasons.Add($"line {line}: '{column}' is not a whole number: '{Clip(text)}'");
        return null;
    }

    /// <summary>
    /// An ISO 8601 timestamp converted to UTC. With an offset or 'Z' the offset is applied; without one the
    /// time is taken as UTC already (docs/architecture.md §2: all stored time is UTC).
    /// </summary>
    public static DateTimeOffset? ParseTimestamp(string text, string column, long line, List<string> reasons)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            reasons.Add($"line {line}: '{column}' is empty");
            return null;
        }

        if (DateTimeOffset.TryParseExact(
                text.Trim(),
                IsoFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var value))
        {
            return value.ToUniversalTime();
        }

        reasons.Add($"line {line}: '{column}' is not an ISO 8601 date and time: '{Clip(text)}'");
        return null;
    }

    public static string Iso(DateTimeOffset utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reasons about the shape of a row: its quoting and its number of fields against the header.</summary>
    public static void CheckShape(CsvRecordCursor row, HeaderIndex header, List<string> reasons)
    {
        if (row.MalformedQuoting is { } quoting)
        {
            reasons.Add($"line {row.LineNumber}: {quoting}");
        }

        var expected = header.ExpectedFieldCount;
        if (row.FieldCount < expected)
        {
            reasons.Add($"line {row.LineNumber}: truncated row: expected {expected} fields, got {row.FieldCount}");
            return;
        }

        // Extra empty fields are padding (PSM3 rows end in a run of commas); extra values are not.
        for (var i = expected; i < row.FieldCount; i++)
        {
            if (!string.IsNullOrWhiteSpace(row.Field(i)))
            {
                reasons.Add($"line {row.LineNumber}: too many fields: expected {expected}, got {row.FieldCount}");
                return;
            }
        }
    }
}
