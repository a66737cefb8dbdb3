using System.Buffers.Binary;
using SkiaSharp;
using SolarSync.Modules.Training.Evaluate;

namespace SolarSync.Tests.Training.Evaluate;

public sealed class ForecastPlotTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly DateTimeOffset Start = new(2024, 6, 3, 0, 0, 0, TimeSpan.Zero);
    private const int Hours = 336;

    private string directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), "solarsync-forecast-plot-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void A_fortnight_plot_is_a_png_with_the_requested_size_in_its_header()
    {
        var path = Path.Combine(directory, "fortnight.png");
        var f = Fortnight(peakKw: 800, seed: 1);

        ForecastPlot.WritePng(path, "Plant A, test fortnight", f.Times, f.Actual, f.P50, f.P10, f.P90,
            width: 1200, height: 450);

        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Length, Is.GreaterThan(33), "signature and IHDR chunk");
        Assert.That(bytes[..8], Is.EqualTo(PngSignature));
        // The first chunk must be IHDR: a 13-byte body starting with width and height, big-endian.
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8, 4)), Is.EqualTo(13));
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 12, 4), Is.EqualTo("IHDR"));
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16, 4)), Is.EqualTo(1200));
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20, 4)), Is.EqualTo(450));
    }

    [Test]
    public void The_default_size_is_1400_by_500()
    {
        var path = Path.Combine(directory, "default.png");
        var f = Fortnight(peakKw: 800, seed: 1);

        ForecastPlot.WritePng(path, "Default size", f.Times, f.Actual, f.P50, f.P10, f.P90);

        using var bitmap = SKBitmap.Decode(path);
        Assert.That(bitmap, Is.Not.Null, "the file decodes as an image");
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((1400, 500)));
    }

    [Test]
    public void Plots_of_different_data_differ_in_many_pixels()
    {
        var first = Path.Combine(directory, "first.png");
        var second = Path.Combine(directory, "second.png");
        var a = Fortnight(peakKw: 800, seed: 1);
        var b = Fortnight(peakKw: 350, seed: 2);

        ForecastPlot.WritePng(first, "Fortnight", a.Times, a.Actual, a.P50, a.P10, a.P90);
        ForecastPlot.WritePng(second, "Fortnight", b.Times, b.Actual, b.P50, b.P10, b.P90);

        Assert.That(File.ReadAllBytes(first), Is.Not.EqualTo(File.ReadAllBytes(second)));
        // Same title, axes and size: only the drawn data can account for a large share of changed pixels.
        Assert.That(DifferingPixelShare(first, second), Is.GreaterThan(0.01));
    }

    [Test]
    public void The_same_data_gives_the_same_pixels()
    {
        var first = Path.Combine(directory, "first.png");
        var second = Path.Combine(directory, "second.png");
        var f = Fortnight(peakKw: 800, seed: 1);

        ForecastPlot.WritePng(first, "Fortnight", f.Times, f.Actual, f.P50, f.P10, f.P90);
        ForecastPlot.WritePng(second, "Fortnight", f.Times, f.Actual, f.P50, f.P10, f.P90);

        Assert.That(DifferingPixelShare(first, second), Is.Zero);
    }

    [Test]
    public void The_band_and_the_lines_are_drawn_in_their_colours()
    {
        var path = Path.Combine(directory, "colours.png");
        var f = Fortnight(peakKw: 800, seed: 1);

        ForecastPlot.WritePng(path, "Fortnight", f.Times, f.Actual, f.P50, f.P10, f.P90);

        using var bitmap = SKBitmap.Decode(path);
        var p50Blue = 0;
        var bandTint = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            // The p50 line is #0072B2; the band is the same blue at ~22 % over white: a pale blue.
            if (Near(pixel, 0x00, 0x72, 0xB2, 24))
            {
                p50Blue++;
            }
            else if (Near(pixel, 0xC7, 0xDE, 0xEE, 14))
            {
                bandTint++;
            }
        }

        // Loose floors, well below what 14 daily arcs give (about 1,900 and 34,000 here), so a different
        // anti-aliasing in another Skia build cannot fail them, while an empty or one-colour plot would. The p50
        // is mostly hidden under the actual line, which is drawn over it.
        Assert.That(p50Blue, Is.GreaterThan(1000), "p50 line pixels");
        Assert.That(bandTint, Is.GreaterThan(10000), "band pixels");
    }

    [Test]
    public void Gaps_and_an_all_missing_series_do_not_stop_the_plot()
    {
        var path = Path.Combine(directory, "gaps.png");
        var f = Fortnight(peakKw: 800, seed: 1);
        for (var i = 100; i < 130; i++)
        {
            f.Actual[i] = double.NaN;
            f.P10[i] = double.NaN;
        }

        f.P50[200] = double.NaN;
        var noActuals = Enumerable.Repeat(double.NaN, Hours).ToArray();

        ForecastPlot.WritePng(path, "Gaps", f.Times, f.Actual, f.P50, f.P10, f.P90);
        Assert.That(File.ReadAllBytes(path)[..8], Is.EqualTo(PngSignature));

        ForecastPlot.WritePng(path, "No actuals", f.Times, noActuals, f.P50, f.P10, f.P90);
        Assert.That(File.ReadAllBytes(path)[..8], Is.EqualTo(PngSignature));
    }

    [Test]
    public void A_series_of_the_wrong_length_is_rejected_by_name()
    {
        var path = Path.Combine(directory, "bad.png");
        var f = Fortnight(peakKw: 800, seed: 1);

        var error = Assert.Throws<ArgumentException>(() =>
            ForecastPlot.WritePng(path, "Bad", f.Times, f.Actual, f.P50[..^1], f.P10, f.P90));

        Assert.That(error!.ParamName, Is.EqualTo("p50Kw"));
        Assert.That(File.Exists(path), Is.False);
    }

    private sealed record Series(DateTimeOffset[] Times, double[] Actual, double[] P50, double[] P10, double[] P90);

    /// <summary>
    /// 336 hourly values of a PV-like day curve (zero at night, a half-sine from 06 to 18 UTC) whose daily peak
    /// varies with the seed, a noisy "actual" around it and a band that widens with the level.
    /// </summary>
    private static Series Fortnight(double peakKw, int seed)
    {
        var random = new Random(seed);
        var times = new DateTimeOffset[Hours];
        var actual = new double[Hours];
        var p50 = new double[Hours];
        var p10 = new double[Hours];
        var p90 = new double[Hours];
        var dayPeak = peakKw;
        for (var i = 0; i < Hours; i++)
        {
            times[i] = Start.AddHours(i);
            var hour = i % 24;
            if (hour == 0)
            {
                dayPeak = peakKw * (0.5 + 0.5 * random.NextDouble());
            }

            var shape = hour is > 6 and < 18 ? Math.Sin(Math.PI * (hour - 6) / 12.0) : 0.0;
            p50[i] = dayPeak * shape;
            p10[i] = p50[i] * 0.7;
            p90[i] = Math.Min(peakKw * 1.1, p50[i] * 1.3);
            actual[i] = Math.Max(0, p50[i] * (0.85 + 0.3 * random.NextDouble()));
        }

        return new Series(times, actual, p50, p10, p90);
    }

    private static double DifferingPixelShare(string first, string second)
    {
        using var a = SKBitmap.Decode(first);
        using var b = SKBitmap.Decode(second);
        Assert.That((a.Width, a.Height), Is.EqualTo((b.Width, b.Height)));
        var pa = a.Pixels;
        var pb = b.Pixels;
        var differing = 0;
        for (var i = 0; i < pa.Length; i++)
        {
            if (pa[i] != pb[i])
            {
                differing++;
            }
        }

        return (double)differing / pa.Length;
    }

    private static bool Near(SKColor c, byte r, byte g, byte b, int tolerance) =>
        Math.Abs(c.Red - r) <= tolerance && Math.Abs(c.Green - g) <= tolerance && Math.Abs(c.Blue - b) <= tolerance;
}
