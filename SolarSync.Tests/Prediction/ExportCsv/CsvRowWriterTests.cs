using System.Text;
using SolarSync.Modules.Prediction.ExportCsv;

namespace SolarSync.Tests.Prediction.ExportCsv;

/// <summary>The CSV writer of the exports on a memory stream.</summary>
public sealed class CsvRowWriterTests
{
    [Test]
    public async Task Fields_with_commas_quotes_or_line_breaks_are_quoted_and_others_are_not()
    {
        var text = await WriteAsync(csv => csv.Field("plain").Field("a,b").Field("say \"hi\"").Field("two\nlines").Field("cr\rlf").Field("a|b"));

        Assert.That(text, Is.EqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rlf\",a|b\r\n"));
        Assert.That(CsvAssert.Parse(text).Single(), Is.EqualTo(new[] { "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rlf", "a|b" }));
    }

    [Test]
    public async Task Numbers_use_a_point_timestamps_are_utc_and_null_is_an_empty_field()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var text = await WriteAsync(csv => csv.Field(1234.5).Field((double?)null).Field(double.NaN).Field(7)
                .Field(new DateTimeOffset(2026, 12, 6, 11, 0, 0, TimeSpan.FromHours(1))).Field((DateTimeOffset?)null).Field(true).Field(["a", "b"]).Field((string?)null));

            Assert.That(text, Is.EqualTo("1234.5,,,7,2026-12-06T10:00:00Z,,true,a|b,\r\n"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Test]
    public async Task Rows_reach_the_stream_every_few_hundred_rows_without_being_asked()
    {
        using var stream = new MemoryStream();
        await using var csv = new CsvRowWriter(stream);
        for (var i = 0; i < CsvRowWriter.RowsPerFlush - 1; i++)
        {
            csv.Field(i);
            await csv.EndRowAsync(CancellationToken.None);
        }

        var before = stream.Length;
        csv.Field(0);
        await csv.EndRowAsync(CancellationToken.None);

        Assert.That(before, Is.Zero, "a few short rows stay in the buffer");
        Assert.That(stream.Length, Is.GreaterThan(0));
    }

    private static async Task<string> WriteAsync(Action<CsvRowWriter> fields)
    {
        using var stream = new MemoryStream();
        await using (var csv = new CsvRowWriter(stream))
        {
            fields(csv);
            await csv.EndRowAsync(CancellationToken.None);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
