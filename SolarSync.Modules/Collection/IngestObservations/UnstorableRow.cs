using System.Globalization;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.IngestObservations;

/// <summary>
/// Rows a parser produced that no rule downstream can take: a time outside the calendar the store and the solar
/// geometry work in, or not a single value (an all-empty or all-NaN line). They are rejected before validation, with
/// a reason, whatever the source.
/// </summary>
internal static class UnstorableRow
{
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string? Reason(Observation row)
    {
        if (row.Ts < Earliest || row.Ts >= Latest)
            return $"range:timestamp: {Format(row.Ts)} is outside 1900-01-01…2099-12-31";
        var hasValue = row.GhiWm2 is not null || row.DniWm2 is not null || row.DhiWm2 is not null || row.TempC is not null
            || row.RelHumidityPct is not null || row.PressureHpa is not null || row.WindSpeed10mMs is not null
            || row.WindSpeed100mMs is not null || row.WindDirDeg is not null || row.CloudCoverPct is not null || row.PowerKw is not null;
        return hasValue ? null : $"empty: the row of {Format(row.Ts)} holds no value";
    }

    /// <summary>What the quarantine keeps of such a row: its time, as the source's own line is gone by now.</summary>
    public static string Describe(Observation row) => $"{{\"ts\":\"{Format(row.Ts)}\",\"source\":\"{row.Source}\"}}";

    private static string Format(DateTimeOffset ts) => ts.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
