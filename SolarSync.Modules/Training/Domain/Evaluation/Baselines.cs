namespace SolarSync.Modules.Training.Domain.Evaluation;

/// <summary>
/// Reference forecasts a model must beat, computed on the same hours as the model. Each returns one prediction per
/// input hour (kW), NaN where it cannot predict (no history that far back, or the history hour is missing).
/// Input NaN means missing.
/// </summary>
internal static class Baselines
{
    // Below this share of the clear-sky peak (dawn, dusk) the clear-sky index actual/clear-sky is mostly noise.
    private const double ClearSkyIndexFloorOfMax = 0.01;

    // A month's own hourly profile is trusted only with this many days of training data behind it.
    private const int MinDaysForMonthlyProfile = 5;

    /// <summary>
    /// Day-ahead persistence: the actual 24 h before each hour, found by timestamp so gaps in the series do not
    /// shift it. (For horizons beyond 24 h that value is not yet known at issue time; it is the customary yardstick
    /// all the same.)
    /// </summary>
    public static double[] Persistence24h(ReadOnlySpan<double> actualKw, ReadOnlySpan<DateTimeOffset> hoursUtc) =>
        Persistence(actualKw, hoursUtc, 24);

    /// <summary>The actual <paramref name="lagHours"/> before each hour, found by timestamp.</summary>
    public static double[] Persistence(ReadOnlySpan<double> actualKw, ReadOnlySpan<DateTimeOffset> hoursUtc, int lagHours)
    {
        RequirePositiveLag(lagHours);
        RequireLength(hoursUtc.Length, actualKw.Length, nameof(hoursUtc));

        // DateTimeOffset equality compares instants, so mixed offsets still match.
        var indexByHour = new Dictionary<DateTimeOffset, int>(hoursUtc.Length);
        for (var i = 0; i < hoursUtc.Length; i++) indexByHour[hoursUtc[i]] = i;

        var lag = TimeSpan.FromHours(lagHours);
        var predicted = new double[actualKw.Length];
        for (var i = 0; i < predicted.Length; i++)
        {
            predicted[i] = indexByHour.TryGetValue(hoursUtc[i] - lag, out var earlier) ? actualKw[earlier] : double.NaN;
        }

        return predicted;
    }

    /// <summary>
    /// The actual <paramref name="lagHours"/> positions earlier, for a gap-free hourly series (the history track).
    /// </summary>
    public static double[] Persistence(ReadOnlySpan<double> actualKw, int lagHours)
    {
        RequirePositiveLag(lagHours);
        var predicted = new double[actualKw.Length];
        for (var i = 0; i < predicted.Length; i++)
        {
            predicted[i] = i >= lagHours ? actualKw[i - lagHours] : double.NaN;
        }

        return predicted;
    }

    /// <summary>
    /// Smart (clear-sky) persistence on a gap-free hourly series: the clear-sky index k = actual / clear-sky of the
    /// hour <paramref name="lagHours"/> earlier, times this hour's clear-sky power. k is 0 where that earlier
    /// clear-sky power is at most 1 % of the series' clear-sky maximum; the forecast is 0 at night (clear-sky ≤ 0).
    /// k is not capped: cloud enhancement can push it above 1, and <see cref="ClipToCapacity"/> bounds the result.
    /// </summary>
    public static double[] SmartPersistence(ReadOnlySpan<double> actualKw, ReadOnlySpan<double> clearSkyKw, int lagHours)
    {
        RequirePositiveLag(lagHours);
        RequireLength(clearSkyKw.Length, actualKw.Length, nameof(clearSkyKw));

        var maxClearSky = 0.0;
        foreach (var value in clearSkyKw)
        {
            if (value > maxClearSky) maxClearSky = value;
        }

        var floor = ClearSkyIndexFloorOfMax * maxClearSky;
        var predicted = new double[actualKw.Length];
        for (var i = 0; i < predicted.Length; i++)
        {
            var clearSky = clearSkyKw[i];
            if (double.IsNaN(clearSky))
            {
                predicted[i] = double.NaN;
            }
            else if (clearSky <= 0)
            {
                // The sun is down: nothing to persist, the answer is known.
                predicted[i] = 0;
            }
            else if (i < lagHours)
            {
                predicted[i] = double.NaN;
            }
            else
            {
                var earlierClearSky = clearSkyKw[i - lagHours];
                var earlierActual = actualKw[i - lagHours];
                // NaN fails the comparison, so a missing clear-sky value reads as "too dark to say": k = 0.
                var index = earlierClearSky > floor ? earlierActual / earlierClearSky : 0;
                predicted[i] = index * clearSky;
            }
        }

        return predicted;
    }

    /// <summary>
    /// Hourly climatology: for each test hour, the mean training actual at the same hour of day and the same
    /// month, when the training data holds at least 5 days of that month; otherwise the mean at that hour of day
    /// over all months. Hours of day and days are local when <paramref name="localUtcOffsetHours"/> is given (a
    /// fixed offset, so the profile follows the sun rather than daylight-saving clocks), UTC otherwise.
    /// </summary>
    public static double[] HourlyClimatology(
        ReadOnlySpan<double> trainActualKw,
        ReadOnlySpan<DateTimeOffset> trainTimestampsUtc,
        ReadOnlySpan<DateTimeOffset> testTimestampsUtc,
        double? localUtcOffsetHours = null)
    {
        RequireLength(trainTimestampsUtc.Length, trainActualKw.Length, nameof(trainTimestampsUtc));
        var offset = TimeSpan.FromHours(localUtcOffsetHours ?? 0);

        // Index [month - 1, hour]; month 0..11 and an extra row 12 for "all months".
        const int allMonths = 12;
        var sums = new double[13, 24];
        var counts = new int[13, 24];
        var daysByMonth = new HashSet<DateOnly>[12];
        for (var m = 0; m < 12; m++) daysByMonth[m] = [];

        for (var i = 0; i < trainActualKw.Length; i++)
        {
            if (double.IsNaN(trainActualKw[i])) continue;
            var local = trainTimestampsUtc[i].UtcDateTime + offset;
            var month = local.Month - 1;
            sums[month, local.Hour] += trainActualKw[i];
            counts[month, local.Hour]++;
            sums[allMonths, local.Hour] += trainActualKw[i];
            counts[allMonths, local.Hour]++;
            daysByMonth[month].Add(DateOnly.FromDateTime(local));
        }

        var predicted = new double[testTimestampsUtc.Length];
        for (var i = 0; i < predicted.Length; i++)
        {
            var local = testTimestampsUtc[i].UtcDateTime + offset;
            var month = local.Month - 1;
            var row = daysByMonth[month].Count >= MinDaysForMonthlyProfile && counts[month, local.Hour] > 0 ? month : allMonths;
            predicted[i] = counts[row, local.Hour] > 0 ? sums[row, local.Hour] / counts[row, local.Hour] : double.NaN;
        }

        return predicted;
    }

    /// <summary>
    /// The calendar profile of demand: for each test hour, the mean training actual at the same local weekday and hour
    /// of day (the profile a utility draws from a year of meter data). NaN where the training data has no such hour.
    /// </summary>
    public static double[] WeekdayHourProfile(
        ReadOnlySpan<double> trainActualKw, ReadOnlySpan<DateTimeOffset> trainTimestampsUtc, ReadOnlySpan<DateTimeOffset> testTimestampsUtc,
        TimeZoneInfo zone)
    {
        RequireLength(trainTimestampsUtc.Length, trainActualKw.Length, nameof(trainTimestampsUtc));
        var (sums, counts) = (new double[7, 24], new int[7, 24]);
        for (var i = 0; i < trainActualKw.Length; i++)
        {
            if (double.IsNaN(trainActualKw[i])) continue;
            var local = TimeZoneInfo.ConvertTime(trainTimestampsUtc[i], zone);
            sums[(int)local.DayOfWeek, local.Hour] += trainActualKw[i];
            counts[(int)local.DayOfWeek, local.Hour]++;
        }

        var predicted = new double[testTimestampsUtc.Length];
        for (var i = 0; i < predicted.Length; i++)
        {
            var local = TimeZoneInfo.ConvertTime(testTimestampsUtc[i], zone);
            var (day, hour) = ((int)local.DayOfWeek, local.Hour);
            predicted[i] = counts[day, hour] > 0 ? sums[day, hour] / counts[day, hour] : double.NaN;
        }

        return predicted;
    }

    /// <summary>Bounds each value to [0, capacity]; NaN stays NaN.</summary>
    public static double[] ClipToCapacity(ReadOnlySpan<double> kw, double capacityKw)
    {
        if (!(capacityKw > 0)) throw new ArgumentOutOfRangeException(nameof(capacityKw), "Capacity must be positive.");
        var clipped = new double[kw.Length];
        for (var i = 0; i < clipped.Length; i++)
        {
            // Math.Clamp passes NaN through.
            clipped[i] = Math.Clamp(kw[i], 0, capacityKw);
        }

        return clipped;
    }

    private static void RequirePositiveLag(int lagHours)
    {
        if (lagHours < 1) throw new ArgumentOutOfRangeException(nameof(lagHours), "The lag must be at least one hour.");
    }

    private static void RequireLength(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {expected} values aligned with the actuals, got {actual}.", paramName);
        }
    }
}
