using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>
/// One point of a site/source series: a stored history row (<see cref="BatchIndex"/> −1) or an accepted batch
/// row (its index in the batch's accepted rows). Series are sorted by time with one point per hour.
/// </summary>
internal readonly record struct SeriesPoint(Observation Row, int BatchIndex)
{
    public bool InBatch => BatchIndex >= 0;
}

/// <summary>
/// The soft rules that need neighbouring hours. They read history and batch alike but flag only batch rows
/// (stored rows are never re-flagged). Imputed history rows are not measurements: they break a flatliner run
/// and are left out of z-score statistics.
/// </summary>
internal static class SeriesRules
{
    public const int FlatlinerMinHours = 6;

    /// <summary>Share of capacity from which a constant output is a plant at its limit, not a stuck meter.</summary>
    public const double PowerPlateauShare = 0.95;

    public static readonly TimeSpan ZScoreWindow = TimeSpan.FromDays(30);
    public const int ZScoreMinSamples = 72;
    public const double ZScoreLimit = 3;

    /// <summary>
    /// The same non-zero value of a field in at least <see cref="FlatlinerMinHours"/> consecutive daylight hours:
    /// a stuck sensor or a repeated fill value. Equality is exact, since a stuck value repeats bit for bit. Night
    /// hours break a run, because irradiance and solar output are legitimately constant (zero) then; a consumer's
    /// power (<paramref name="powerAtNight"/>) is checked at night too, where a stuck meter is as wrong as by day.
    /// </summary>
    public static void MarkFlatliners(IReadOnlyList<SeriesPoint> series, ISunModel sun, double capacityKw, QualityFlags[] flags, bool powerAtNight = false)
    {
        foreach (var field in ObservationFields.All)
        {
            var runStart = -1;
            var runValue = 0.0;
            for (var i = 0; i < series.Count; i++)
            {
                var row = series[i].Row;
                var value = field.Get(row);
                var candidate = !row.Imputed && value is { } v && v != 0 && double.IsFinite(v)
                    && !IsLegitimatePlateau(field, v, capacityKw)
                    && ((powerAtNight && field == ObservationFields.Power) || SoftRules.IsDaylight(sun.Sun(row.Ts)));
                var continues = candidate && runStart >= 0 && value == runValue
                    && row.Ts - series[i - 1].Row.Ts == TimeSpan.FromHours(1);
                if (continues) continue;

                FlagRun(series, runStart, i, flags);
                runStart = candidate ? i : -1;
                runValue = value ?? 0;
            }
            FlagRun(series, runStart, series.Count, flags);
        }
    }

    /// <summary>
    /// Values that really do stay constant for hours: saturated humidity (fog, rain), full overcast, and a plant
    /// clipped at its inverter limit or a turbine at rated power.
    /// </summary>
    private static bool IsLegitimatePlateau(ObservationField field, double value, double capacityKw) =>
        (field == ObservationFields.Humidity && value >= 100)
        || (field == ObservationFields.CloudCover && value >= 100)
        || (field == ObservationFields.Power && value >= PowerPlateauShare * capacityKw);

    private static void FlagRun(IReadOnlyList<SeriesPoint> series, int start, int end, QualityFlags[] flags)
    {
        if (start < 0 || end - start < FlatlinerMinHours) return;
        for (var j = start; j < end; j++)
            if (series[j].InBatch) flags[series[j].BatchIndex] |= QualityFlags.Flatliner;
    }

    /// <summary>
    /// |value − mean| / sd above 3 within the trailing 30 days (the hour itself included), per field, when the
    /// window holds at least 72 values; sample standard deviation. Not applied to wind direction, which is
    /// circular (a mean of 350° and 10° is not 180°). Skewed or bimodal fields (irradiance, wind) rarely reach
    /// |z| &gt; 3 except on real outliers, and a flag only marks the row for a look.
    /// </summary>
    public static void MarkZScoreOutliers(IReadOnlyList<SeriesPoint> series, QualityFlags[] flags)
    {
        var values = new List<(DateTimeOffset Ts, double Value, int BatchIndex)>(series.Count);
        foreach (var field in ObservationFields.All)
        {
            if (field.IsCircular) continue;
            values.Clear();
            foreach (var point in series)
                if (!point.Row.Imputed && field.Get(point.Row) is { } v && double.IsFinite(v))
                    values.Add((point.Row.Ts, v, point.BatchIndex));
            if (values.Count == 0) continue;

            // Sliding sums over the window, O(1) per hour. Values are taken relative to the field's first value
            // (a shifted-data variance) so that sum of squares minus squared sum does not cancel catastrophically.
            var shift = values[0].Value;
            double sum = 0, squares = 0;
            var lo = 0;
            for (var i = 0; i < values.Count; i++)
            {
                var x = values[i].Value - shift;
                sum += x;
                squares += x * x;
                while (values[lo].Ts <= values[i].Ts - ZScoreWindow)
                {
                    var old = values[lo++].Value - shift;
                    sum -= old;
                    squares -= old * old;
                }
                var n = i - lo + 1;
                if (values[i].BatchIndex < 0 || n < ZScoreMinSamples) continue;

                var mean = sum / n;
                var sd = Math.Sqrt(Math.Max(0, (squares - n * mean * mean) / (n - 1)));
                if (sd > 1e-9 && Math.Abs(x - mean) / sd > ZScoreLimit)
                    flags[values[i].BatchIndex] |= QualityFlags.ZScoreOutlier;
            }
        }
    }
}
