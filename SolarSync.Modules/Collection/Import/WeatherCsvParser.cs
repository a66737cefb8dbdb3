using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// Generic weather CSV: <c>timestamp</c> plus any of the columns below (names ignore case), in the units the
/// names say: W/m², °C, %, hPa, m/s, degrees, %. Sub-hourly rows are averaged to hourly means.
/// </summary>
internal static class WeatherCsvParser
{
    public static TimestampedLayout Layout { get; } = new(
        ImportFormat.Weather,
        "weather CSV",
        ObservationSources.WeatherCsv,
        [
            new TimestampedColumn("ghi", ObservationField.GhiWm2),
            new TimestampedColumn("dni", ObservationField.DniWm2),
            new TimestampedColumn("dhi", ObservationField.DhiWm2),
            new TimestampedColumn("temp_c", ObservationField.TempC),
            new TimestampedColumn("rel_humidity", ObservationField.RelHumidityPct),
            new TimestampedColumn("pressure_hpa", ObservationField.PressureHpa),
            new TimestampedColumn("wind_speed_10m", ObservationField.WindSpeed10mMs),
            new TimestampedColumn("wind_speed_100m", ObservationField.WindSpeed100mMs),
            new TimestampedColumn("wind_dir", ObservationField.WindDirDeg),
            new TimestampedColumn("cloud_cover", ObservationField.CloudCoverPct),
        ],
        RequireHourStart: false);

    public static IAsyncEnumerable<Parsed> ReadAsync(Stream stream, long siteId, CancellationToken ct = default) =>
        TimestampedCsvParser.ReadAsync(Layout, stream, siteId, ct);

    public static IAsyncEnumerable<Parsed> ReadAsync(TextReader reader, long siteId, CancellationToken ct = default) =>
        TimestampedCsvParser.ReadAsync(Layout, reader, siteId, ct);
}
