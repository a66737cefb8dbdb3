using System.Globalization;
using System.Runtime.CompilerServices;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// The one entry point for CSV imports: picks the parser of <see cref="ImportFormat"/> and streams its rows.
/// Observations come out as each hour completes and rejections as each bad row is met, so the two are
/// interleaved, each in file order. The input is read once, forward, and left open.
/// </summary>
internal static class CsvImportReader
{
    /// <exception cref="ImportFormatException">
    /// Thrown by the enumeration when the input cannot be imported at all: empty, wrong header, unknown format.
    /// </exception>
    public static async IAsyncEnumerable<Parsed> ReadAsync(
        ImportFormat format, Stream stream, long siteId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var rows = format switch
        {
            ImportFormat.Psm3 => ReadPsm3Async(new Psm3Reader(stream, leaveOpen: true), siteId, ct),
            ImportFormat.Meter => MeterCsvParser.ReadAsync(stream, siteId, ct),
            ImportFormat.Weather => WeatherCsvParser.ReadAsync(stream, siteId, ct),
            ImportFormat.Eval => EvalCsvParser.ReadAsync(stream, siteId, ct),
            _ => throw Unknown(format),
        };
        await foreach (var parsed in rows)
        {
            yield return parsed;
        }
    }

    /// <inheritdoc cref="ReadAsync(ImportFormat, Stream, long, CancellationToken)"/>
    public static async IAsyncEnumerable<Parsed> ReadAsync(
        ImportFormat format, TextReader reader, long siteId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = format switch
        {
            ImportFormat.Psm3 => ReadPsm3Async(new Psm3Reader(reader, leaveOpen: true), siteId, ct),
            ImportFormat.Meter => MeterCsvParser.ReadAsync(reader, siteId, ct),
            ImportFormat.Weather => WeatherCsvParser.ReadAsync(reader, siteId, ct),
            ImportFormat.Eval => EvalCsvParser.ReadAsync(reader, siteId, ct),
            _ => throw Unknown(format),
        };
        await foreach (var parsed in rows)
        {
            yield return parsed;
        }
    }

    private static async IAsyncEnumerable<Parsed> ReadPsm3Async(
        Psm3Reader reader, long siteId, [EnumeratorCancellation] CancellationToken ct)
    {
        await using (reader)
        {
            await foreach (var parsed in reader.ReadAsync(siteId, ct))
            {
                yield return parsed;
            }
        }
    }

    private static ImportFormatException Unknown(ImportFormat format) =>
        ImportFormats.UnknownFormat(((int)format).ToString(CultureInfo.InvariantCulture));
}
