using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// Meter readings: <c>timestamp</c> (ISO 8601) and <c>active_power_kw</c>; other columns are ignored.
/// Readings are averaged to hourly mean power (so the hour's kWh equals its mean kW). Like every layout here, a
/// reading is taken to be stamped at the start of its interval; a meter that stamps interval ends must be
/// shifted by one interval before import.
/// </summary>
internal static class MeterCsvParser
{
    public static TimestampedLayout Layout { get; } = new(
        ImportFormat.Meter,
        "meter CSV",
        ObservationSources.Meter,
        [new TimestampedColumn("active_power_kw", ObservationField.PowerKw, Required: true)],
        RequireHourStart: false);

    public static IAsyncEnumerable<Parsed> ReadAsync(Stream stream, long siteId, CancellationToken ct = default) =>
        TimestampedCsvParser.ReadAsync(Layout, stream, siteId, ct);

    public static IAsyncEnumerable<Parsed> ReadAsync(TextReader reader, long siteId, CancellationToken ct = default) =>
        TimestampedCsvParser.ReadAsync(Layout, reader, siteId, ct);
}
