using System.Globalization;
using System.Text;

namespace SolarSync.Modules.Prediction.ExportCsv;

/// <summary>
/// Writes CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote or line break)
/// to a stream as rows come: invariant culture, UTC ISO 8601 timestamps, an empty field for null. Rows are flushed to
/// the stream every <see cref="RowsPerFlush"/> rows, so a client sees them while later ones are still being read.
/// </summary>
internal sealed class CsvRowWriter(Stream body) : IAsyncDisposable
{
    public const int RowsPerFlush = 200;
    private const int BufferChars = 16 * 1024;

    private readonly StreamWriter writer = new(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferChars, leaveOpen: true);
    private readonly StringBuilder row = new(256);
    private bool rowHasField;
    private int rowsSinceFlush;

    public CsvRowWriter Field(string? value)
    {
        if (rowHasField) row.Append(',');
        rowHasField = true;
        if (value is null) return this;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            row.Append(value);
        }
        else
        {
            row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return this;
    }

    /// <summary>The shortest text that reads back as the value (as JSON writes it); empty for null or a non-finite value.</summary>
    public CsvRowWriter Field(double? value) =>
        Field(value is { } v && double.IsFinite(v) ? v.ToString(CultureInfo.InvariantCulture) : null);

    public CsvRowWriter Field(int? value) => Field(value?.ToString(CultureInfo.InvariantCulture));

    public CsvRowWriter Field(bool value) => Field(value ? "true" : "false");

    /// <summary>UTC, whole seconds: 2026-12-06T10:00:00Z.</summary>
    public CsvRowWriter Field(DateTimeOffset? value) =>
        Field(value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>Several values in one field, joined with '|'.</summary>
    public CsvRowWriter Field(IEnumerable<string> values) => Field(string.Join('|', values));

    public async Task HeaderAsync(IEnumerable<string> names, CancellationToken ct)
    {
        foreach (var name in names) Field(name);
        await EndRowAsync(ct);
    }

    public async Task EndRowAsync(CancellationToken ct)
    {
        row.Append("\r\n");
        await writer.WriteAsync(row, ct);
        row.Clear();
        rowHasField = false;
        if (++rowsSinceFlush >= RowsPerFlush) await FlushAsync(ct);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        rowsSinceFlush = 0;
        await writer.FlushAsync(ct);
    }

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
