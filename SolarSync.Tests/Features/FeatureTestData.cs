using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Features;

/// <summary>Synthetic plants and seeded hourly series: plausible enough that every feature takes real values.</summary>
internal static class FeatureTestData
{
    public static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>NREL's Golden, Colorado campus: 1 MW fixed tilt facing south.</summary>
    public static readonly FeatureSite SolarSite = new(PlantType.Solar, 39.742, -105.179, 1000, ElevationM: 1829, TiltDeg: 30, AzimuthDeg: 180);

    /// <summary>A 3 MW turbine in Denmark with a coarse power curve.</summary>
    public static readonly FeatureSite WindSite = new(PlantType.Wind, 56.0, 8.5, 3000, ElevationM: 20, HubHeightM: 120,
        PowerCurveSpeedsMs: [3, 5, 8, 12, 25], PowerCurvePowersKw: [0, 300, 1200, 3000, 3000]);

    public static FeatureSite Site(PlantType type) => type == PlantType.Solar ? SolarSite : WindSite;

    /// <summary>
    /// <paramref name="days"/> days from <see cref="Start"/>: clear sky thinned by seeded clouds, power near the
    /// physical output with noise, and a few missing hours of power and of DNI/DHI.
    /// </summary>
    public static HourlySeries Series(FeatureSite site, int days, int seed = 42, DateTimeOffset? start = null)
    {
        var from = start ?? Start;
        var count = days * 24;
        var s = HourlySeries.Missing(from, count);
        var random = new Random(seed);
        var windHub = 7.0;
        for (var i = 0; i < count; i++)
        {
            var hour = from.AddHours(i);
            var sun = SolarPosition.ForHour(hour, site.LatitudeDeg, site.LongitudeDeg, site.ElevationM);
            var clear = ClearSky.Ineichen(sun, site.ElevationM);
            var cloud = 0.3 + 0.7 * random.NextDouble();
            s.GhiWm2[i] = (float)(clear.GhiWm2 * cloud);
            if (i % 11 != 0)
            {
                s.DniWm2[i] = (float)(clear.DniWm2 * cloud * cloud);
                s.DhiWm2[i] = (float)Math.Max(s.GhiWm2[i] - s.DniWm2[i] * Math.Cos(sun.ZenithDeg * Math.PI / 180), 0);
            }

            s.TempC[i] = (float)(15 + 8 * Math.Sin(2 * Math.PI * (hour.Hour - 9) / 24) + random.NextDouble());
            s.RelHumidityPct[i] = (float)(40 + 30 * random.NextDouble());
            s.PressureHpa[i] = (float)(site.ElevationM > 1000 ? 815 + 5 * random.NextDouble() : 1005 + 15 * random.NextDouble());
            windHub = Math.Clamp(windHub + 1.5 * (random.NextDouble() - 0.5), 0, 22);
            s.WindSpeedHubMs[i] = (float)windHub;
            s.WindSpeed10mMs[i] = (float)(windHub * (0.6 + 0.1 * random.NextDouble()));
            s.WindDirDeg[i] = (float)(360 * random.NextDouble());

            var physicalShare = site.Type == PlantType.Solar
                ? s.GhiWm2[i] / 1000.0 * 0.85
                : Math.Clamp(Math.Pow(windHub / 12, 3), 0, 1);
            s.PowerKw[i] = (float)(site.CapacityKw * Math.Clamp(physicalShare + 0.03 * (random.NextDouble() - 0.5), 0, 1));
            if (i % 37 == 5) s.PowerKw[i] = float.NaN;
        }

        return s;
    }

    /// <summary>A deep copy in which every value at or after <paramref name="from"/> is set to <paramref name="value"/>.</summary>
    public static HourlySeries OverwriteFrom(HourlySeries s, DateTimeOffset from, float value, bool weatherOnly = false)
    {
        var copy = s with
        {
            PowerKw = (float[])s.PowerKw.Clone(),
            GhiWm2 = (float[])s.GhiWm2.Clone(),
            DniWm2 = (float[])s.DniWm2.Clone(),
            DhiWm2 = (float[])s.DhiWm2.Clone(),
            TempC = (float[])s.TempC.Clone(),
            RelHumidityPct = (float[])s.RelHumidityPct.Clone(),
            PressureHpa = (float[])s.PressureHpa.Clone(),
            WindSpeed10mMs = (float[])s.WindSpeed10mMs.Clone(),
            WindSpeedHubMs = (float[])s.WindSpeedHubMs.Clone(),
            WindDirDeg = (float[])s.WindDirDeg.Clone(),
        };
        var first = (int)((from - s.Start).Ticks / TimeSpan.TicksPerHour);
        float[][] columns = weatherOnly
            ? [copy.GhiWm2, copy.DniWm2, copy.DhiWm2, copy.TempC, copy.RelHumidityPct, copy.PressureHpa, copy.WindSpeed10mMs, copy.WindSpeedHubMs, copy.WindDirDeg]
            : [copy.PowerKw, copy.GhiWm2, copy.DniWm2, copy.DhiWm2, copy.TempC, copy.RelHumidityPct, copy.PressureHpa, copy.WindSpeed10mMs, copy.WindSpeedHubMs, copy.WindDirDeg];
        foreach (var column in columns)
        {
            for (var i = Math.Max(first, 0); i < column.Length; i++) column[i] = value;
        }

        return copy;
    }

    /// <summary>Value of sample s, row r, named column of the encoder.</summary>
    public static float Encoder(FeatureSamples x, int s, int row, string name) =>
        x.Encoder[((long)s * x.Lookback + row) * x.EncoderWidth + x.EncoderColumn(name)];

    /// <summary>Value of sample s, lead k (1-based), named column of the decoder.</summary>
    public static float Decoder(FeatureSamples x, int s, int k, string name) =>
        x.Decoder[((long)s * x.Horizon + k - 1) * x.DecoderWidth + x.DecoderColumn(name)];

    /// <summary>Names of the columns in which two row-major arrays differ in any bit.</summary>
    public static IReadOnlyList<string> ChangedColumns(float[] before, float[] after, IReadOnlyList<string> names)
    {
        Assert.That(after, Has.Length.EqualTo(before.Length));
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < before.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(before[i]) != BitConverter.SingleToInt32Bits(after[i]))
            {
                changed.Add(names[i % names.Count]);
            }
        }

        return [.. changed];
    }

    /// <summary>Power ÷ capacity of the series hour at <paramref name="time"/>; NaN outside the series.</summary>
    public static double PowerNorm(HourlySeries s, FeatureSite site, DateTimeOffset time)
    {
        var i = (time - s.Start).Ticks / TimeSpan.TicksPerHour;
        return i >= 0 && i < s.Count ? s.PowerKw[i] / site.CapacityKw : double.NaN;
    }
}
