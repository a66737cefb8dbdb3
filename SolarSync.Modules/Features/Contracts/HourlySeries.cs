using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Features.Contracts;

/// <summary>
/// One site's hours as parallel columns: <see cref="Count"/> contiguous hours from <see cref="Start"/> (UTC start of
/// the first hour); index i is the hour starting at Start + i h. Values are hourly means, NaN = missing. Every array
/// has <see cref="Count"/> elements.
/// </summary>
/// <param name="PowerKw">Plant output, kW.</param>
/// <param name="GhiWm2">Global horizontal irradiance, W/m².</param>
/// <param name="DniWm2">Direct normal irradiance, W/m².</param>
/// <param name="DhiWm2">Diffuse horizontal irradiance, W/m².</param>
/// <param name="TempC">Air temperature at 2 m, °C.</param>
/// <param name="RelHumidityPct">Relative humidity, %.</param>
/// <param name="PressureHpa">Surface pressure, hPa.</param>
/// <param name="WindSpeed10mMs">Wind speed at 10 m, m/s.</param>
/// <param name="WindSpeedHubMs">Wind speed at the turbine hub, m/s.</param>
/// <param name="WindDirDeg">Wind direction (from), degrees clockwise from north.</param>
public sealed record HourlySeries(
    DateTimeOffset Start,
    int Count,
    float[] PowerKw,
    float[] GhiWm2,
    float[] DniWm2,
    float[] DhiWm2,
    float[] TempC,
    float[] RelHumidityPct,
    float[] PressureHpa,
    float[] WindSpeed10mMs,
    float[] WindSpeedHubMs,
    float[] WindDirDeg)
{
    /// <summary>Start of the hour after the last one.</summary>
    public DateTimeOffset End => Start.AddHours(Count);

    /// <summary>A series of <paramref name="count"/> hours with every value missing.</summary>
    public static HourlySeries Missing(DateTimeOffset start, int count)
    {
        RequireWholeHour(start, nameof(start));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new HourlySeries(start.ToUniversalTime(), count, Nans(count), Nans(count), Nans(count), Nans(count),
            Nans(count), Nans(count), Nans(count), Nans(count), Nans(count), Nans(count));
    }

    /// <summary>
    /// Lays observations on the hours [<paramref name="start"/>, <paramref name="endExclusive"/>); rows outside that
    /// range or not on a whole hour are ignored. Where several rows share an hour, each value comes from the last row
    /// that has it (a later row wins, but its empty columns do not erase an earlier source's values: a meter row with
    /// power only and a weather row with irradiance only make one complete hour). The hub-height speed is
    /// extrapolated with the 1/7 power law from the 100 m speed, or from the 10 m speed when the hour has no 100 m one.
    /// </summary>
    public static HourlySeries FromObservations(IReadOnlyList<Observation> rows, DateTimeOffset start,
        DateTimeOffset endExclusive, double hubHeightM)
    {
        ArgumentNullException.ThrowIfNull(rows);
        RequireWholeHour(start, nameof(start));
        RequireWholeHour(endExclusive, nameof(endExclusive));
        if (endExclusive < start)
        {
            throw new ArgumentException("The end must not be before the start.", nameof(endExclusive));
        }

        if (!(hubHeightM > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(hubHeightM), hubHeightM, "The hub height must be positive.");
        }

        var count = checked((int)((endExclusive.UtcTicks - start.UtcTicks) / TimeSpan.TicksPerHour));
        var series = Missing(start, count);
        var speed100m = Nans(count);
        foreach (var row in rows)
        {
            var offsetTicks = row.Ts.UtcTicks - start.UtcTicks;
            if (offsetTicks < 0 || offsetTicks % TimeSpan.TicksPerHour != 0) continue;
            var i = offsetTicks / TimeSpan.TicksPerHour;
            if (i >= count) continue;

            Put(series.PowerKw, i, row.PowerKw);
            Put(series.GhiWm2, i, row.GhiWm2);
            Put(series.DniWm2, i, row.DniWm2);
            Put(series.DhiWm2, i, row.DhiWm2);
            Put(series.TempC, i, row.TempC);
            Put(series.RelHumidityPct, i, row.RelHumidityPct);
            Put(series.PressureHpa, i, row.PressureHpa);
            Put(series.WindSpeed10mMs, i, row.WindSpeed10mMs);
            Put(series.WindDirDeg, i, row.WindDirDeg);
            Put(speed100m, i, row.WindSpeed100mMs);
        }

        for (var i = 0; i < count; i++)
        {
            // Extrapolate from the nearer measurement height: 100 m is far closer to a modern hub than 10 m.
            series.WindSpeedHubMs[i] = !float.IsNaN(speed100m[i])
                ? (float)WindPhysics.ExtrapolateSpeed(speed100m[i], 100, hubHeightM)
                : !float.IsNaN(series.WindSpeed10mMs[i])
                    ? (float)WindPhysics.ExtrapolateSpeed(series.WindSpeed10mMs[i], 10, hubHeightM)
                    : float.NaN;
        }

        return series;
    }

    /// <summary>Throws when the start is not a whole hour, the count is negative or an array has another length.</summary>
    internal void ThrowIfInvalid(string paramName)
    {
        RequireWholeHour(Start, paramName);
        if (Count < 0)
        {
            throw new ArgumentException("The hour count must not be negative.", paramName);
        }

        float[][] columns = [PowerKw, GhiWm2, DniWm2, DhiWm2, TempC, RelHumidityPct, PressureHpa, WindSpeed10mMs, WindSpeedHubMs, WindDirDeg];
        foreach (var column in columns)
        {
            if (column is null || column.Length != Count)
            {
                throw new ArgumentException($"Every column must hold exactly {Count} hours.", paramName);
            }
        }
    }

    internal static void RequireWholeHour(DateTimeOffset time, string paramName)
    {
        if (time.UtcTicks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentException($"{time:O} is not the start of a UTC hour.", paramName);
        }
    }

    private static void Put(float[] column, long i, double? value)
    {
        if (value is { } v) column[i] = (float)v;
    }

    private static float[] Nans(int count)
    {
        var values = new float[count];
        Array.Fill(values, float.NaN);
        return values;
    }
}
