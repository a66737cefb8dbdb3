using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>
/// Fills short gaps (docs/architecture.md §4): up to <see cref="MaxMissingHours"/> missing hours between two measured rows
/// of one site and source are interpolated linearly in time; longer gaps stay missing, since a straight line
/// over half a day would invent weather.
/// </summary>
internal static class GapFilling
{
    public const int MaxMissingHours = 3;

    /// <summary>
    /// The rows for the gaps of <paramref name="series"/> that touch the batch (a gap between two history rows is
    /// history's business). Both ends must be measured: an estimate is not interpolated from another estimate.
    /// </summary>
    public static List<Observation> Fill(IReadOnlyList<SeriesPoint> series, ISunModel sun)
    {
        var filled = new List<Observation>();
        for (var i = 1; i < series.Count; i++)
        {
            var (before, after) = (series[i - 1], series[i]);
            if (!(before.InBatch || after.InBatch) || before.Row.Imputed || after.Row.Imputed) continue;

            var span = after.Row.Ts - before.Row.Ts;
            if (span.Ticks % TimeSpan.TicksPerHour != 0) continue;
            var steps = (int)(span.Ticks / TimeSpan.TicksPerHour);
            if (steps < 2 || steps > MaxMissingHours + 1) continue;

            for (var k = 1; k < steps; k++)
                filled.Add(Interpolate(before.Row, after.Row, before.Row.Ts.AddHours(k), (double)k / steps, sun));
        }
        return filled;
    }

    /// <summary>
    /// Every numeric field is interpolated where both ends hold it, and stays missing otherwise. Wind direction
    /// goes the short way round (350° to 10° passes 0°, not 180°). Irradiance is 0 when the sun is below the
    /// horizon, where a line between an evening and a night value would invent light.
    /// </summary>
    public static Observation Interpolate(Observation before, Observation after, DateTimeOffset ts, double fraction, ISunModel sun)
    {
        var row = new Observation { SiteId = before.SiteId, Source = before.Source, Ts = ts, Imputed = true };
        bool? sunDown = null;
        foreach (var field in ObservationFields.All)
        {
            if (field.Get(before) is not { } a || field.Get(after) is not { } b) continue;
            double value;
            if (field.IsIrradiance && (sunDown ??= sun.Sun(ts).ElevationDeg <= 0))
                value = 0;
            else if (field.IsCircular)
                value = LerpDegrees(a, b, fraction);
            else
                value = a + (b - a) * fraction;
            row = field.With(row, value);
        }
        return row;
    }

    private static double LerpDegrees(double fromDeg, double toDeg, double fraction)
    {
        var shortest = Mod(toDeg - fromDeg + 180, 360) - 180;
        return Mod(fromDeg + shortest * fraction, 360);
    }

    private static double Mod(double x, double m) => (x % m + m) % m;
}
