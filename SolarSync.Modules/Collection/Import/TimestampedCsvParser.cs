using System.Runtime.CompilerServices;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>A column of a timestamped layout. <see cref="Field"/> null: required by the layout but not imported.</summary>
internal sealed record TimestampedColumn(string Name, ObservationField? Field, bool Required = false);

/// <summary>
/// A CSV layout with a <c>timestamp</c> column (ISO 8601) and named value columns in any order.
/// </summary>
/// <param name="Description">How messages name the layout, e.g. "meter CSV".</param>
/// <param name="RequireHourStart">
/// True for layouts that are hourly by definition: a row not on a whole hour is rejected instead of averaged.
/// </param>
internal sealed record TimestampedLayout(
    ImportFormat Format,
    string Description,
    string Source,
    IReadOnlyList<TimestampedColumn> Columns,
    bool RequireHourStart);

/// <summary>Reads the meter, weather and evaluation layouts: one header row, then one reading per row.</summary>
internal static class TimestampedCsvParser
{
    public const string TimestampColumn = "timestamp";

    public static IAsyncEnumerable<Parsed> ReadAsync(
        TimestampedLayout layout, Stream stream, long siteId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadAsync(layout, () => CsvRecordCursor.Open(stream, leaveOpen: true), siteId, ct);
    }

    public static IAsyncEnumerable<Parsed> ReadAsync(
        TimestampedLayout layout, TextReader reader, long siteId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadAsync(layout, () => CsvRecordCursor.Open(reader, leaveOpen: true), siteId, ct);
    }

    private static async IAsyncEnumerable<Parsed> ReadAsync(
        TimestampedLayout layout,
        Func<CsvRecordCursor> open,
        long siteId,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var rows = open();
        if (!await rows.MoveNextAsync(ct))
        {
            throw new ImportFormatException($"The file is empty: expected a {layout.Description} {Expectation(layout)}.");
        }

        var header = new HeaderIndex(rows.Fields(), rows.LineNumber);
        var timestampIndex = header.IndexOf(TimestampColumn);
        var bound = Bind(layout, header, timestampIndex);

        var aggregator = new HourlyAggregator(layout.Source, siteId, layout.RequireHourStart);
        await foreach (var parsed in AggregatedRows.ReadAsync(rows, header, bound, aggregator, layout.Source, siteId,
                           (line, reasons) => ImportText.ParseTimestamp(rows.Field(timestampIndex), header.Names[timestampIndex], line, reasons), ct))
        {
            yield return parsed;
        }
    }

    private static List<(int Index, ObservationField Field)> Bind(
        TimestampedLayout layout, HeaderIndex header, int timestampIndex)
    {
        var missing = new List<string>();
        if (timestampIndex < 0)
        {
            missing.Add(TimestampColumn);
        }

        var bound = new List<(int, ObservationField)>();
        foreach (var column in layout.Columns)
        {
            var index = header.IndexOf(column.Name);
            if (index < 0)
            {
                if (column.Required)
                {
                    missing.Add(column.Name);
                }
            }
            else if (column.Field is { } field)
            {
                bound.Add((index, field));
            }
        }

        if (missing.Count > 0 || bound.Count == 0)
        {
            var what = missing.Count > 0
                ? $"missing column(s) {string.Join(", ", missing)}"
                : "none of its value columns";
            throw new ImportFormatException(
                $"Not a {layout.Description}: the header on line {header.LineNumber} has {what}. " +
                $"Expected {Expectation(layout)}; found: {header.Describe()}." +
                FormatHints.Hint(header.Names, layout.Format));
        }

        return bound;
    }

    private static string Expectation(TimestampedLayout layout)
    {
        var required = layout.Columns.Where(c => c.Required).Select(c => c.Name).Prepend(TimestampColumn);
        var optional = layout.Columns.Where(c => !c.Required).Select(c => c.Name).ToList();
        var text = $"whose header has the columns {string.Join(", ", required)}";
        return optional.Count == 0 ? text : $"{text} and at least one of {string.Join(", ", optional)}";
    }
}
