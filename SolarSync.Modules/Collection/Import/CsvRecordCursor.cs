using System.Globalization;
using System.Text;
using CsvHelper;

namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// Forward-only access to the records of a CSV input, one at a time, in bounded memory: CsvHelper keeps one
/// read buffer, and <see cref="MaxRecordBytes"/> caps how far it may grow for a single record.
/// Empty lines and rows whose fields are all blank (",,,," left by spreadsheets) carry no data and are skipped.
/// </summary>
internal sealed class CsvRecordCursor : IAsyncDisposable
{
    /// <summary>
    /// Longest record accepted. Real rows are a few hundred bytes; anything near this is not one of our
    /// layouts (or is binary), and refusing it keeps memory bounded whatever the input.
    /// </summary>
    public const int MaxRecordBytes = 1 << 20;

    private static readonly CsvReaderOptions BaseOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false, // each layout finds its own header (PSM3 has two metadata rows before it)
        Mode = CsvMode.Rfc4180,
        // Our fields are numbers and timestamps, never multi-line text; with this off an unbalanced quote
        // spoils one line instead of swallowing the rest of the file into one field.
        AllowLineBreaksInQuotes = false,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        MaxRecordSize = MaxRecordBytes,
        DetectSeparatorHint = false,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private readonly CsvReader reader;

    // Malformed-quoting reports by line. CsvHelper reports a record as it reaches it; the dictionary is pruned
    // as records go by, so it holds at most the few records of one buffer.
    private readonly Dictionary<long, CsvMalformedReason> malformed = [];

    private CsvRecordCursor(Func<CsvReaderOptions, CsvReader> create) =>
        reader = create(BaseOptions with { OnMalformedRecord = m => malformed.TryAdd(m.LineNumber, m.Reason) });

    /// <summary>Reads UTF-8 (or a byte-order-marked UTF-16/32) stream; a UTF-8 BOM is skipped.</summary>
    public static CsvRecordCursor Open(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new CsvRecordCursor(options => CsvReader.Create(stream, options, leaveOpen));
    }

    public static CsvRecordCursor Open(TextReader textReader, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(textReader);
        return new CsvRecordCursor(options => CsvReader.Create(textReader, options, leaveOpen));
    }

    /// <summary>1-based line of the input where the current record starts (empty lines counted).</summary>
    public long LineNumber { get; private set; }

    public int FieldCount => reader.FieldCount;

    /// <summary>What is wrong with the quoting of the current record, if anything.</summary>
    public string? MalformedQuoting { get; private set; }

    /// <summary>Field <paramref name="index"/> of the current record, unquoted; empty past the end of the record.</summary>
    public string Field(int index) => index < reader.FieldCount ? reader.GetString(index) : string.Empty;

    /// <summary>Field <paramref name="index"/> as <see cref="Field"/> gives it, in UTF-8 and without a copy; valid until the next move.</summary>
    public ReadOnlySpan<byte> FieldUtf8(int index) => index < reader.FieldCount ? reader.GetSpan(index) : [];

    public string[] Fields()
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = reader.GetString(i);
        }

        return fields;
    }

    /// <summary>The current record as it is in the input, without the line break.</summary>
    public string RawText => Encoding.UTF8.GetString(reader.RawRecord);

    /// <exception cref="ImportFormatException">The input cannot be read as CSV (a record is too long).</exception>
    public async ValueTask<bool> MoveNextAsync(CancellationToken ct)
    {
        while (true)
        {
            // Reads complete synchronously while records are buffered, so check here too.
            ct.ThrowIfCancellationRequested();
            try
            {
                if (!await reader.ReadAsync(ct))
                {
                    MalformedQuoting = null;
                    return false;
                }
            }
            catch (CsvFormatException e)
            {
                var where = e.LineNumber > 0 ? $"line {e.LineNumber}" : $"record {e.RecordNumber}";
                throw new ImportFormatException(
                    $"The input cannot be read as CSV at {where}: {e.Message} " +
                    $"Records longer than {MaxRecordBytes / 1024} KiB are refused; is this the right file?",
                    e);
            }

            LineNumber = reader.LineNumber;
            MalformedQuoting = TakeMalformed(LineNumber);
            if (!IsBlank())
            {
                return true;
            }
        }
    }

    public ValueTask DisposeAsync() => reader.DisposeAsync();

    private string? TakeMalformed(long line)
    {
        if (malformed.Count == 0)
        {
            return null;
        }

        string? text = null;
        if (malformed.Remove(line, out var reason))
        {
            text = Describe(reason);
        }

        foreach (var earlier in malformed.Keys.Where(l => l < line).ToList())
        {
            malformed.Remove(earlier);
        }

        return text;
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "malformed quoting: a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "malformed quoting: text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes =>
            "malformed quoting: a quoted field is not closed on its line",
        _ => $"malformed record ({reason})",
    };

    private bool IsBlank()
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            foreach (var b in reader.GetSpan(i))
            {
                if (b is not ((byte)' ' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
