using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;
using ScottPlot.TickGenerators.TimeUnits;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>
/// Renders a forecast window (typically a test fortnight) as a PNG for the evaluation report: the measured power
/// and the p50 as lines over the shaded p10–p90 band, time in UTC with one tick per day, power in kW.
/// </summary>
internal static class ForecastPlot
{
    // Colour-blind-safe pairing (near-black and Okabe-Ito blue); the band is the p50's blue, mostly transparent, so
    // both lines stay readable where they run inside it.
    private static readonly Color ActualColor = Color.FromHex("#222222");
    private static readonly Color P50Color = Color.FromHex("#0072B2");
    private static readonly Color BandColor = Color.FromHex("#0072B2").WithAlpha(0.22);

    // ScottPlot's own sans-serif detection misses the fonts of a bare Debian/Ubuntu and falls back to the first
    // face it finds (often a serif); these are the common sans faces on Linux servers and desktops, in order.
    private static readonly string[] SansCandidates =
        ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica"];

    private static readonly Lazy<string?> SansFamily = new(FindSansFamily);

    // A day label ("Mon 03 Jun") needs about 80 px at the default font; below that the day ticks are thinned.
    private const double MinPixelsPerDayTick = 85;

    // Headroom above the highest value so the legend in the upper-right corner does not cover a midday peak.
    private const double TopHeadroom = 0.22;

    /// <summary>
    /// Writes the plot to <paramref name="path"/>. All series are aligned with <paramref name="timesUtc"/>;
    /// NaN marks a gap (the line and the band are broken there, not joined across it).
    /// </summary>
    public static void WritePng(
        string path,
        string title,
        IReadOnlyList<DateTimeOffset> timesUtc,
        IReadOnlyList<double> actualKw,
        IReadOnlyList<double> p50Kw,
        IReadOnlyList<double> p10Kw,
        IReadOnlyList<double> p90Kw,
        int width = 1400,
        int height = 500)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(timesUtc);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);
        RequireSameLength(timesUtc.Count, actualKw, nameof(actualKw));
        RequireSameLength(timesUtc.Count, p50Kw, nameof(p50Kw));
        RequireSameLength(timesUtc.Count, p10Kw, nameof(p10Kw));
        RequireSameLength(timesUtc.Count, p90Kw, nameof(p90Kw));

        // ScottPlot's DateTime axes read x as OLE automation dates (days since 1899-12-30).
        var xs = new double[timesUtc.Count];
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = timesUtc[i].UtcDateTime.ToOADate();
        }

        using var plot = new Plot();
        AddBand(plot, xs, p10Kw, p90Kw);
        AddLine(plot, xs, p50Kw, P50Color, 2f, "Forecast p50");
        AddLine(plot, xs, actualKw, ActualColor, 1.5f, "Actual");

        // DateTimeTicksBottom replaces the bottom axis, so its label is set after it.
        var axis = plot.Axes.DateTimeTicksBottom();
        axis.TickGenerator = DayTicks(xs, width);
        plot.Title(title);
        plot.XLabel("Time (UTC)");
        plot.YLabel("Power (kW)");
        if (SansFamily.Value is { } family)
        {
            plot.Font.Set(family);
        }

        SetLimits(plot, xs, actualKw, p50Kw, p10Kw, p90Kw);
        plot.ShowLegend(Alignment.UpperRight, Orientation.Horizontal);

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        plot.SavePng(path, width, height);
    }

    private static void RequireSameLength(int expected, IReadOnlyList<double> series, string name)
    {
        ArgumentNullException.ThrowIfNull(series, name);
        if (series.Count != expected)
        {
            throw new ArgumentException(
                $"{name} has {series.Count} values but there are {expected} timestamps.", name);
        }
    }

    // Adds the p10–p90 band, one polygon per stretch where both bounds are known.
    private static void AddBand(Plot plot, double[] xs, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        var labelled = false;
        foreach (var (start, length) in Runs(xs.Length, i => double.IsFinite(lower[i]) && double.IsFinite(upper[i])))
        {
            var fill = plot.Add.FillY(
                xs[start..(start + length)],
                Slice(lower, start, length),
                Slice(upper, start, length));
            fill.FillColor = BandColor;
            fill.LineWidth = 0;
            // One legend entry for the whole band, however many gaps split it.
            fill.LegendText = labelled ? string.Empty : "Forecast p10–p90";
            labelled = true;
        }
    }

    // Adds a line, one scatter per stretch of finite values so that NaN leaves a visible gap.
    private static void AddLine(Plot plot, double[] xs, IReadOnlyList<double> ys, Color color, float lineWidth,
        string label)
    {
        var labelled = false;
        foreach (var (start, length) in Runs(xs.Length, i => double.IsFinite(ys[i])))
        {
            var line = plot.Add.Scatter(xs[start..(start + length)], Slice(ys, start, length), color);
            line.LineWidth = lineWidth;
            // A lone value between two gaps has no segment to draw; a dot keeps it visible.
            line.MarkerSize = length == 1 ? lineWidth * 3 : 0;
            line.LegendText = labelled ? string.Empty : label;
            labelled = true;
        }
    }

    // Major ticks at UTC midnights: every day when the labels fit, else every second, third, ... day.
    private static DateTimeFixedInterval DayTicks(double[] xs, int width)
    {
        var days = xs.Length > 1 ? Math.Max(1.0, xs[^1] - xs[0]) : 1.0;
        // The data area is roughly the image minus ~120 px of axis labels and margins.
        var dayTicksThatFit = Math.Max(1.0, (width - 120) / MinPixelsPerDayTick);
        var daysPerTick = (int)Math.Ceiling(days / dayTicksThatFit);

        // No minor ticks: this generator labels them too, and hour labels under every day would collide.
        return new DateTimeFixedInterval(
            new Day(),
            daysPerTick,
            minorInterval: null,
            minorIntervalsPerTick: 1,
            // Start counting at midnight so ticks sit on day boundaries, not at the first sample.
            getIntervalStartFunc: dt => dt.Date)
        {
            LabelFormatter = dt => dt.ToString("ddd dd MMM", CultureInfo.InvariantCulture),
        };
    }

    // The first installed sans-serif family, or null to keep ScottPlot's default.
    private static string? FindSansFamily()
    {
        foreach (var name in SansCandidates)
        {
            // GetTypeface falls back to some other face rather than returning null, so compare the family.
            var typeface = Fonts.GetTypeface(name, bold: false, italic: false);
            if (string.Equals(typeface?.FamilyName, name, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }

    private static void SetLimits(Plot plot, double[] xs, params IReadOnlyList<double>[] series)
    {
        double low = 0, high = double.NegativeInfinity;
        foreach (var values in series)
        {
            foreach (var v in values)
            {
                if (!double.IsFinite(v))
                {
                    continue;
                }

                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
        }

        // Power axes start at zero (negative only for a plant's night-time draw); an empty or flat plot still
        // gets a 1 kW span so the axis can be drawn.
        if (!double.IsFinite(high) || high - low < 1e-9)
        {
            high = low + 1;
        }

        plot.Axes.SetLimitsY(low, high + (high - low) * TopHeadroom);

        if (xs.Length > 1 && xs[^1] > xs[0])
        {
            plot.Axes.SetLimitsX(xs[0], xs[^1]);
        }
        else if (xs.Length > 0)
        {
            plot.Axes.SetLimitsX(xs[0] - 0.5, xs[0] + 0.5);
        }
    }

    // Maximal runs of consecutive indices for which isValid holds.
    private static IEnumerable<(int Start, int Length)> Runs(int count, Func<int, bool> isValid)
    {
        var start = -1;
        for (var i = 0; i <= count; i++)
        {
            var valid = i < count && isValid(i);
            if (valid && start < 0)
            {
                start = i;
            }
            else if (!valid && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    private static double[] Slice(IReadOnlyList<double> values, int start, int length)
    {
        var slice = new double[length];
        for (var i = 0; i < length; i++)
        {
            slice[i] = values[start + i];
        }

        return slice;
    }
}
