using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// Turns rows that arrive in time order into hourly observations (docs/architecture.md §2: <c>ts</c> is the UTC start of the
/// hour, values are means over the hour). Every row is taken to be stamped at the START of its interval, so a
/// row belongs to the hour its timestamp falls in. Each value is the mean of the rows of that hour that have it;
/// a value no row has stays missing. Rows already on whole hours pass through unchanged (mean of one).
/// Only the hour being built is kept, so memory does not grow with the input.
/// </summary>
internal sealed class HourlyAggregator(string source, long siteId, bool requireHourStart)
{
    private const int WindDir = (int)ObservationField.WindDirDeg;

    private readonly double[] sums = new double[ObservationFields.Count];
    private readonly int[] counts = new int[ObservationFields.Count];
    private readonly double?[] means = new double?[ObservationFields.Count];

    // Exact timestamps seen in the current hour, to catch duplicates; at most the rows of one hour.
    private readonly HashSet<long> ticksInHour = [];

    // Directions are averaged as unit vectors: the plain mean of 350° and 10° would be 180°, not 0°.
    private double windDirSin;
    private double windDirCos;
    private bool windDirOutOfRange;

    private DateTimeOffset? hour;

    public static DateTimeOffset HourStart(DateTimeOffset utc) =>
        new(utc.UtcTicks - utc.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);

    /// <summary>Adds the ordering reasons of a row stamped <paramref name="utc"/>, without changing any state.</summary>
    public void CheckOrder(DateTimeOffset utc, long line, List<string> reasons)
    {
        var rowHour = HourStart(utc);
        if (requireHourStart && rowHour != utc)
        {
            reasons.Add($"line {line}: timestamp {ImportText.Iso(utc)} is not the start of an hour");
        }

        if (hour is not { } current)
        {
            return;
        }

        if (rowHour < current)
        {
            reasons.Add(
                $"line {line}: timestamp out of order: {ImportText.Iso(utc)} is earlier than the hour " +
                $"{ImportText.Iso(current)} already read");
        }
        else if (rowHour == current && ticksInHour.Contains(utc.UtcTicks))
        {
            reasons.Add($"line {line}: duplicate timestamp {ImportText.Iso(utc)}");
        }
    }

    /// <summary>
    /// Adds an accepted row (checked with <see cref="CheckOrder"/> first). Returns the previous hour when this
    /// row starts a new one.
    /// </summary>
    public Observation? Add(DateTimeOffset utc, ReadOnlySpan<double?> values)
    {
        var rowHour = HourStart(utc);
        Observation? completed = null;
        if (hour != rowHour)
        {
            completed = Complete();
            hour = rowHour;
        }

        ticksInHour.Add(utc.UtcTicks);
        for (var i = 0; i < sums.Length; i++)
        {
            if (values[i] is not { } value)
            {
                continue;
            }

            sums[i] += value;
            counts[i]++;
            if (i == WindDir)
            {
                windDirOutOfRange |= value is < 0 or > 360;
                windDirSin += Math.Sin(double.DegreesToRadians(value));
                windDirCos += Math.Cos(double.DegreesToRadians(value));
            }
        }

        return completed;
    }

    /// <summary>The hour being built, if any, and a fresh start.</summary>
    public Observation? Complete()
    {
        if (hour is not { } current)
        {
            return null;
        }

        for (var i = 0; i < sums.Length; i++)
        {
            means[i] = counts[i] == 0 ? null : sums[i] / counts[i];
        }

        if (counts[WindDir] > 1 && !windDirOutOfRange)
        {
            means[WindDir] = MeanDirection();
        }

        var observation = ObservationFields.Create(siteId, current, source, means);

        hour = null;
        ticksInHour.Clear();
        Array.Clear(sums);
        Array.Clear(counts);
        windDirSin = windDirCos = 0;
        windDirOutOfRange = false;
        return observation;
    }

    // Out-of-range directions (fill values such as -999) keep the plain mean above, so validation still sees
    // an impossible value instead of a plausible-looking angle.
    private double? MeanDirection()
    {
        var n = counts[WindDir];
        if (Math.Sqrt(windDirSin * windDirSin + windDirCos * windDirCos) < 1e-9 * n)
        {
            return null; // opposite directions cancel: the hour has no mean direction
        }

        var degrees = double.RadiansToDegrees(Math.Atan2(windDirSin, windDirCos));
        if (degrees < 0)
        {
            degrees += 360;
        }

        return degrees >= 360 ? 0 : degrees;
    }
}
