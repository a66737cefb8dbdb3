namespace SolarSync.Modules.Features.Contracts;

/// <summary>Where training samples can be cut from a series.</summary>
public static class FeatureWindows
{
    /// <summary>
    /// Every <paramref name="strideHours"/>-th issue time t whose encoder window (t − lookback … t − 1) and targets
    /// (t … t + horizon − 1) lie inside the series, oldest first: from Start + lookback to End − horizon.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> IssueTimes(HourlySeries s, int lookback, int horizon, int strideHours)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(strideHours, 1);

        var span = s.Count - lookback - horizon;
        if (span < 0) return [];

        var times = new DateTimeOffset[span / strideHours + 1];
        var first = s.Start.ToUniversalTime().AddHours(lookback);
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = first.AddHours((long)i * strideHours);
        }

        return times;
    }
}
