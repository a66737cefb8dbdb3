using System.Runtime.CompilerServices;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>The data-row loop every aggregating format shares; formats differ only in how a row's time is read.</summary>
internal static class AggregatedRows
{
    /// <summary>
    /// Reads the rows after the header: checks shape, parses the time and every bound value, rejects the row with all
    /// its reasons or feeds it to the aggregator, and yields each hour as it completes.
    /// </summary>
    /// <param name="timestamp">The row's UTC time from the current record, or null with a reason added.</param>
    public static async IAsyncEnumerable<Parsed> ReadAsync(
        CsvRecordCursor rows,
        HeaderIndex header,
        IReadOnlyList<(int Index, ObservationField Field)> bound,
        HourlyAggregator aggregator,
        string source,
        long siteId,
        Func<long, List<string>, DateTimeOffset?> timestamp,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var values = new double?[ObservationFields.Count];
        var reasons = new List<string>();
        while (await rows.MoveNextAsync(ct))
        {
            reasons.Clear();
            Array.Clear(values);
            var line = rows.LineNumber;

            ImportText.CheckShape(rows, header, reasons);
            var utc = timestamp(line, reasons);
            foreach (var (index, field) in bound)
            {
                values[(int)field] = ImportText.ParseNumber(rows, index, header.Names[index], line, reasons);
            }

            if (utc is { } ts)
            {
                aggregator.CheckOrder(ts, line, reasons);
            }

            if (reasons.Count > 0 || utc is null)
            {
                yield return Parsed.Reject(new Rejection(source, siteId, rows.RawText, reasons.ToArray()));
                continue;
            }

            if (aggregator.Add(utc.Value, values) is { } hour)
            {
                yield return Parsed.Accept(hour);
            }
        }

        if (aggregator.Complete() is { } last)
        {
            yield return Parsed.Accept(last);
        }
    }
}
