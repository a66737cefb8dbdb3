using System.Text;
using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Shared.TimeSeries;
using static SolarSync.Tests.Collection.Import.ImportTestSupport;

namespace SolarSync.Tests.Collection.Import;

public sealed class CsvImportReaderTests
{
    private const string Meter = "timestamp,active_power_kw\n2024-06-01T10:00:00Z,10\n2024-06-01T11:00:00Z,20\n";

    [TestCase("psm3", nameof(ImportFormat.Psm3))]
    [TestCase("meter", nameof(ImportFormat.Meter))]
    [TestCase(" Weather ", nameof(ImportFormat.Weather))]
    [TestCase("EVAL", nameof(ImportFormat.Eval))]
    public void Format_names_parse_ignoring_case_and_spaces(string text, string expected)
    {
        var format = ImportFormats.Parse(text);

        Assert.That(format.ToString(), Is.EqualTo(expected));
        Assert.That(format.ToName(), Is.EqualTo(text.Trim().ToLowerInvariant()));
    }

    [Test]
    public void An_unknown_format_name_is_refused_listing_the_known_ones()
    {
        var e = Assert.Throws<ImportFormatException>(() => ImportFormats.Parse("xlsx"));

        Assert.That(e.Message, Does.Contain("'xlsx'").And.Contain("psm3, meter, weather, eval"));
        Assert.That(ImportFormats.TryParse(null, out _), Is.False);
    }

    [Test]
    public void An_undefined_format_value_is_refused_by_the_enumeration()
    {
        Assert.ThrowsAsync<ImportFormatException>(async () =>
            await CollectAsync(CsvImportReader.ReadAsync((ImportFormat)99, Utf8(Meter), SiteId, CancellationToken.None)));
    }

    [TestCase("psm3", "psm3-60min-tz-minus7.csv", ObservationSources.Psm3, 4)]
    [TestCase("meter", "meter-15min-offsets.csv", ObservationSources.Meter, 3)]
    [TestCase("weather", "weather-10min-mixed-case.csv", ObservationSources.WeatherCsv, 2)]
    [TestCase("eval", "eval-with-gaps.csv", ObservationSources.EvalCsv, 3)]
    public async Task The_facade_reads_each_format_with_its_parser(string format, string fixture, string source, int hours)
    {
        await using var stream = Fixture(fixture);

        var rows = await CollectAsync(CsvImportReader.ReadAsync(ImportFormats.Parse(format), stream, SiteId, CancellationToken.None));

        Assert.That(rows.Rejections(), Is.Empty);
        Assert.That(rows.Observations().Select(o => o.Source).ToList(), Has.Count.EqualTo(hours).And.All.EqualTo(source));
        Assert.That(stream.CanRead, Is.True, "the caller's stream is left open");
    }

    [TestCase("psm3", "")]
    [TestCase("meter", "")]
    [TestCase("weather", "\r\n\n  \n")]
    [TestCase("eval", "")]
    public void An_empty_file_is_refused_naming_what_was_expected(string format, string text)
    {
        var e = Assert.ThrowsAsync<ImportFormatException>(async () =>
            await CollectAsync(CsvImportReader.ReadAsync(ImportFormats.Parse(format), Utf8(text, bom: true), SiteId, CancellationToken.None)));

        Assert.That(e.Message, Does.StartWith("The file is empty: expected a"));
    }

    [Test]
    public async Task A_utf8_byte_order_mark_does_not_hide_the_first_column()
    {
        var rows = await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Meter, Utf8(Meter, bom: true), SiteId, CancellationToken.None));

        Assert.That(rows.Observations().Select(o => o.PowerKw), Is.EqualTo(new double?[] { 10, 20 }));
    }

    [Test]
    public async Task A_byte_order_mark_left_in_text_is_ignored_too()
    {
        using var text = new StringReader("\uFEFF" + Meter);

        var rows = await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Meter, text, SiteId, CancellationToken.None));

        Assert.That(rows.Observations(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Crlf_line_ends_and_trailing_empty_lines_read_like_lf()
    {
        var crlf = Meter.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n";

        var rows = await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Meter, Utf8(crlf), SiteId, CancellationToken.None));

        Assert.That(rows.Rejections(), Is.Empty);
        Assert.That(rows.Observations().Select(o => o.PowerKw), Is.EqualTo(new double?[] { 10, 20 }));
    }

    [Test]
    public async Task Quoted_fields_and_quoted_headers_are_unquoted()
    {
        const string text = "\"timestamp\",\"active_power_kw\",\"note\"\n\"2024-06-01T10:00:00Z\",\"12.5\",\"a, b and \"\"c\"\"\"\n";

        var rows = await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Meter, Utf8(text), SiteId, CancellationToken.None));

        Assert.That(rows.Observations().Single().PowerKw, Is.EqualTo(12.5));
    }

    [Test]
    public async Task A_badly_quoted_row_is_rejected_and_does_not_swallow_the_rows_after_it()
    {
        const string text =
            "timestamp,active_power_kw\n" +
            "2024-06-01T10:00:00Z,\"10\n" + // quote never closed
            "2024-06-01T11:00:00Z,\"2\"0\n" + // text after the closing quote would silently read as 20
            "2024-06-01T12:00:00Z,30\n";

        var rows = await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Meter, Utf8(text), SiteId, CancellationToken.None));

        Assert.That(rows.Rejections().Select(r => r.Reasons.Single()), Is.EqualTo(new[]
        {
            "line 2: malformed quoting: a quoted field is not closed on its line",
            "line 3: malformed quoting: text after the closing quote of a field",
        }));
        Assert.That(rows.Observations().Select(o => (o.Ts, o.PowerKw)), Is.EqualTo(new[] { (Utc(2024, 6, 1, 12), (double?)30) }));
    }

    [Test]
    public async Task Extra_values_beyond_the_header_are_rejected_but_blank_padding_is_not()
    {
        const string text =
            "timestamp,active_power_kw\n" +
            "2024-06-01T10:00:00Z,10,,\n" +
            "2024-06-01T11:00:00Z,20,oops\n" +
            ",,\n"; // a spreadsheet's empty row: no data, skipped

        var rows = await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Meter, Utf8(text), SiteId, CancellationToken.None));

        Assert.That(rows.Rejections().Single().Reasons, Is.EqualTo(new[] { "line 3: too many fields: expected 2, got 3" }));
        Assert.That(rows.Observations().Single().PowerKw, Is.EqualTo(10));
    }

    [Test]
    public async Task A_row_with_several_problems_lists_them_all()
    {
        const string text = "timestamp,ghi,temp_c,wind_dir\n2024-06-01T10:00:00Z,1,2,3\nyesterday,abc,Infinity\n";

        var rejection = (await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Weather, Utf8(text), SiteId, CancellationToken.None)))
            .Rejections().Single();

        Assert.That(rejection.Reasons, Is.EqualTo(new[]
        {
            "line 3: truncated row: expected 4 fields, got 3",
            "line 3: 'timestamp' is not an ISO 8601 date and time: 'yesterday'",
            "line 3: 'ghi' is not a number: 'abc'",
            "line 3: 'temp_c' is not a number: 'Infinity'",
        }));
        Assert.That(rejection.RawPayload, Is.EqualTo("yesterday,abc,Infinity"));
        Assert.That(rejection.SiteId, Is.EqualTo(SiteId));
    }

    [Test]
    public void A_line_too_long_to_be_a_record_is_refused_instead_of_buffered()
    {
        var text = "timestamp,active_power_kw\n2024-06-01T10:00:00Z," + new string('9', CsvRecordCursor.MaxRecordBytes + 1024) + "\n";

        var e = Assert.ThrowsAsync<ImportFormatException>(async () =>
            await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Meter, Utf8(text), SiteId, CancellationToken.None)));

        Assert.That(e.Message, Does.Contain("cannot be read as CSV"));
    }

    [Test]
    public void Binary_input_is_refused_as_a_format_problem()
    {
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 256)).ToArray();

        Assert.ThrowsAsync<ImportFormatException>(async () =>
            await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Psm3, new MemoryStream(bytes), SiteId, CancellationToken.None)));
    }

    [Test]
    public async Task A_large_file_is_streamed_a_row_at_a_time()
    {
        const int rows = 200_000;
        await using var generator = new GeneratedPsm3Stream(rows);

        await using var enumerator = CsvImportReader.ReadAsync(ImportFormat.Psm3, generator, SiteId, CancellationToken.None)
            .GetAsyncEnumerator();

        Assert.That(await enumerator.MoveNextAsync(), Is.True);
        var producedBeforeFirst = generator.RowsProduced;
        Assert.That(enumerator.Current.Observation?.Ts, Is.EqualTo(Utc(2000, 1, 1, 0)));
        Assert.That(producedBeforeFirst, Is.LessThan(2_000), "the parser must not read ahead beyond a buffer");

        var hours = 1;
        while (await enumerator.MoveNextAsync())
        {
            Assert.That(enumerator.Current.Rejection, Is.Null);
            hours++;
        }

        Assert.That(generator.RowsProduced, Is.EqualTo(rows));
        Assert.That(hours, Is.EqualTo(rows / 2), "two 30-min rows per hour");
    }

    [Test]
    public void Cancellation_stops_the_import()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(
            async () => await CollectAsync(CsvImportReader.ReadAsync(ImportFormat.Meter, Utf8(Meter), SiteId, cts.Token)),
            Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>
    /// A PSM3 file of 30-min rows from 2000-01-01 (Time Zone 0) that is written only as it is read, counting the
    /// rows handed out so a test can see how far ahead the parser has read.
    /// </summary>
    private sealed class GeneratedPsm3Stream(int rows) : Stream
    {
        private static readonly DateTime Start = new(2000, 1, 1);

        private byte[] pending = Encoding.UTF8.GetBytes(
            "Source,Location ID,Latitude,Longitude,Time Zone,Elevation\nNSRDB,1,40.5,-108.5,0,2000\n" +
            "Year,Month,Day,Hour,Minute,GHI,DNI,DHI,Temperature,Wind Speed,Pressure\n");

        private int offset;

        public int RowsProduced { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                if (offset == pending.Length)
                {
                    if (RowsProduced == rows)
                    {
                        break;
                    }

                    var t = Start.AddMinutes(30 * RowsProduced);
                    pending = Encoding.UTF8.GetBytes(FormattableString.Invariant(
                        $"{t.Year},{t.Month},{t.Day},{t.Hour},{t.Minute},{RowsProduced % 900},512.5,100,12.5,3.5,1013\n"));
                    offset = 0;
                    RowsProduced++;
                }

                var n = Math.Min(buffer.Length - written, pending.Length - offset);
                pending.AsSpan(offset, n).CopyTo(buffer[written..]);
                offset += n;
                written += n;
            }

            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
