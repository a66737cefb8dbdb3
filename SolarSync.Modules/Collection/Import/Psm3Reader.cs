using System.Globalization;
using System.Runtime.CompilerServices;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// Reads an NSRDB PSM v3 CSV: row 1 names the metadata, row 2 holds its values, row 3 is the column header
/// (Year, Month, Day, Hour, Minute, then GHI, DNI, DHI, Temperature, … in any order), then the data.
/// Call <see cref="ReadMetadataAsync"/> to see the site before the rows (optional), then <see cref="ReadAsync"/>
/// once. Timestamps are in the metadata's "Time Zone" and come out in UTC; sub-hourly rows are averaged to
/// hourly means.
/// </summary>
/// <remarks>
/// Interval convention (an assumption, as the file does not say): a row is stamped at the START of its
/// interval, so the 10:00 and 10:30 rows of a 30-min file make the 10:00 hour. NSRDB values are close to
/// instantaneous satellite-derived estimates; averaging :00 and :30 approximates the mean over [10:00, 11:00)
/// with a lag of about a quarter of an hour, which we accept over inventing a half-interval shift.
/// Non-integer time zones (e.g. +5.5) are refused: their rows would not fall on UTC hours.
/// </remarks>
internal sealed class Psm3Reader : IAsyncDisposable
{
    private const string Expected =
        "an NSRDB PSM3 CSV: a row of metadata names (Source, Location ID, …, Latitude, Longitude, Time Zone, " +
        "Elevation, …), a row of their values, then the column header Year, Month, Day, Hour, Minute, GHI, DNI, " +
        "DHI, Temperature, …";

    private static readonly string[] DateParts = ["Year", "Month", "Day", "Hour"];

    // NSRDB units: W/m², °C, %, mbar (= hPa), m/s, degrees; none need converting.
    // Wind Speed is MERRA-2 near-surface wind; it is stored as the 10 m speed, the nearer of our two heights.
    private static readonly (string Name, ObservationField Field)[] ValueColumns =
    [
        ("GHI", ObservationField.GhiWm2),
        ("DNI", ObservationField.DniWm2),
        ("DHI", ObservationField.DhiWm2),
        ("Temperature", ObservationField.TempC),
        ("Relative Humidity", ObservationField.RelHumidityPct),
        ("Pressure", ObservationField.PressureHpa),
        ("Wind Speed", ObservationField.WindSpeed10mMs),
        ("Wind Direction", ObservationField.WindDirDeg),
    ];

    private readonly CsvRecordCursor rows;
    private bool rowsRead;

    /// <param name="stream">UTF-8 CSV; left open unless <paramref name="leaveOpen"/> is false.</param>
    public Psm3Reader(Stream stream, bool leaveOpen = true) => rows = CsvRecordCursor.Open(stream, leaveOpen);

    public Psm3Reader(TextReader reader, bool leaveOpen = true) => rows = CsvRecordCursor.Open(reader, leaveOpen);

    /// <summary>The metadata, once read.</summary>
    public Psm3Metadata? Metadata { get; private set; }

    /// <summary>Reads the two metadata rows (once; later calls return the same).</summary>
    /// <exception cref="ImportFormatException">The file is empty or does not start with PSM3 metadata.</exception>
    public async ValueTask<Psm3Metadata> ReadMetadataAsync(CancellationToken ct = default)
    {
        if (Metadata is { } known)
        {
            return known;
        }

        if (!await rows.MoveNextAsync(ct))
        {
            throw new ImportFormatException($"The file is empty: expected {Expected}.");
        }

        var names = new HeaderIndex(rows.Fields(), rows.LineNumber);
        int latitude = names.IndexOf("Latitude"), longitude = names.IndexOf("Longitude");
        int timeZone = names.IndexOf("Time Zone"), elevation = names.IndexOf("Elevation");
        if (latitude < 0 || longitude < 0 || timeZone < 0)
        {
            var hint = names.IndexOf("Year") >= 0
                ? " This looks like the column header: the two metadata rows are missing."
                : FormatHints.Hint(names.Names, ImportFormat.Psm3);
            throw new ImportFormatException(
                $"Not an NSRDB PSM3 file: line {names.LineNumber} must name the metadata, including Latitude, " +
                $"Longitude and Time Zone; found: {names.Describe()}. Expected {Expected}.{hint}");
        }

        if (!await rows.MoveNextAsync(ct))
        {
            throw new ImportFormatException(
                $"The PSM3 file ends after the metadata names on line {names.LineNumber}: expected a row of metadata values next.");
        }

        var line = rows.LineNumber;
        var values = rows.Fields();
        string Value(int index) => index >= 0 && index < values.Length ? values[index].Trim() : string.Empty;

        var lat = MetadataNumber(Value(latitude), "Latitude", line, -90, 90);
        var lon = MetadataNumber(Value(longitude), "Longitude", line, -180, 180);
        var tz = MetadataNumber(Value(timeZone), "Time Zone", line, -12, 14);
        if (tz != Math.Floor(tz))
        {
            throw new ImportFormatException(
                $"PSM3 metadata on line {line}: 'Time Zone' is {tz.ToString(CultureInfo.InvariantCulture)}; " +
                "only whole-hour offsets are supported. Download the file with UTC timestamps (Time Zone 0).");
        }

        double? elevationM = double.TryParse(Value(elevation), NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
            && double.IsFinite(e) ? e : null;

        Metadata = new Psm3Metadata(lat, lon, (int)tz, elevationM);
        return Metadata;
    }

    /// <summary>
    /// The data rows as hourly observations (source <see cref="ObservationSources.Psm3"/>) and rejections.
    /// Reads the metadata first if <see cref="ReadMetadataAsync"/> was not called. Enumerate once.
    /// </summary>
    /// <exception cref="ImportFormatException">Thrown by the enumeration when the file is not PSM3.</exception>
    public async IAsyncEnumerable<Parsed> ReadAsync(long siteId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var metadata = await ReadMetadataAsync(ct);
        if (rowsRead)
        {
            throw new InvalidOperationException("The rows of a PSM3 file can be read once.");
        }

        rowsRead = true;
        if (!await rows.MoveNextAsync(ct))
        {
            throw new ImportFormatException(
                "The PSM3 file ends after its metadata: expected the column header (Year, Month, Day, Hour, Minute, " +
                "GHI, DNI, DHI, Temperature, …) next.");
        }

        var header = new HeaderIndex(rows.Fields(), rows.LineNumber);
        var parts = DateParts.Select(header.IndexOf).ToArray();
        var minute = header.IndexOf("Minute");
        var bound = ValueColumns
            .Select(c => (Index: header.IndexOf(c.Name), c.Field))
            .Where(c => c.Index >= 0)
            .ToList();
        if (parts.Any(i => i < 0) || bound.Count == 0)
        {
            var missing = DateParts.Where((_, k) => parts[k] < 0).ToList();
            var what = missing.Count > 0 ? $"missing column(s) {string.Join(", ", missing)}" : "none of the value columns";
            throw new ImportFormatException(
                $"Not an NSRDB PSM3 file: the column header on line {header.LineNumber} has {what}. Expected Year, " +
                $"Month, Day, Hour, Minute and at least one of {string.Join(", ", ValueColumns.Select(c => c.Name))}; " +
                $"found: {header.Describe()}.");
        }

        var offset = TimeSpan.FromHours(metadata.TimeZoneOffsetHours);
        var aggregator = new HourlyAggregator(ObservationSources.Psm3, siteId, requireHourStart: false);
        await foreach (var parsed in AggregatedRows.ReadAsync(rows, header, bound, aggregator, ObservationSources.Psm3, siteId,
                           (line, reasons) => Timestamp(header, parts, minute, offset, line, reasons), ct))
        {
            yield return parsed;
        }
    }

    public ValueTask DisposeAsync() => rows.DisposeAsync();

    private DateTimeOffset? Timestamp(
        HeaderIndex header, int[] parts, int minuteIndex, TimeSpan offset, long line, List<string> reasons)
    {
        var year = ImportText.ParseWholeNumber(rows.Field(parts[0]), header.Names[parts[0]], line, reasons);
        var month = ImportText.ParseWholeNumber(rows.Field(parts[1]), header.Names[parts[1]], line, reasons);
        var day = ImportText.ParseWholeNumber(rows.Field(parts[2]), header.Names[parts[2]], line, reasons);
        var hour = ImportText.ParseWholeNumber(rows.Field(parts[3]), header.Names[parts[3]], line, reasons);
        var minute = minuteIndex < 0 ? 0 : ImportText.ParseWholeNumber(rows.Field(minuteIndex), header.Names[minuteIndex], line, reasons);
        if (year is not { } y || month is not { } mo || day is not { } d || hour is not { } h || minute is not { } mi)
        {
            return null;
        }

        if (y is < 1 or > 9999 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo)
            || h is < 0 or > 23 || mi is < 0 or > 59)
        {
            reasons.Add(FormattableString.Invariant(
                $"line {line}: {y:D4}-{mo:D2}-{d:D2} {h:D2}:{mi:D2} is not a valid date and time"));
            return null;
        }

        var utcTicks = new DateTime(y, mo, d, h, mi, 0).Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            reasons.Add(FormattableString.Invariant($"line {line}: {y:D4}-{mo:D2}-{d:D2} {h:D2}:{mi:D2} is out of range in UTC"));
            return null;
        }

        return new DateTimeOffset(utcTicks, TimeSpan.Zero);
    }

    private static double MetadataNumber(string text, string name, long line, double min, double max)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        throw new ImportFormatException(
            $"PSM3 metadata on line {line}: '{name}' must be a number from " +
            $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}; " +
            $"found '{ImportText.Clip(text)}'.");
    }
}
