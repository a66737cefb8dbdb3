using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// The SolarSync evaluation format (README, "Models and evaluation"): every column below, timestamps in UTC at the start
/// of each hour, values already hourly means, an empty field meaning missing. Rows are hourly by definition, so
/// a timestamp off the hour is rejected rather than averaged.
/// </summary>
internal static class EvalCsvParser
{
    public static TimestampedLayout Layout { get; } = new(
        ImportFormat.Eval,
        "SolarSync evaluation CSV",
        ObservationSources.EvalCsv,
        [
            new TimestampedColumn("power_kw", ObservationField.PowerKw, Required: true),
            new TimestampedColumn("ghi", ObservationField.GhiWm2, Required: true),
            new TimestampedColumn("dni", ObservationField.DniWm2, Required: true),
            new TimestampedColumn("dhi", ObservationField.DhiWm2, Required: true),
            // Clear-sky GHI is a model output, not an observation: part of the layout, not imported.
            new TimestampedColumn("ghi_clear", Field: null, Required: true),
            new TimestampedColumn("temp_c", ObservationField.TempC, Required: true),
            new TimestampedColumn("wind_speed_10m", ObservationField.WindSpeed10mMs, Required: true),
            // Hub height varies by plant (80 m in the windpowerlib set); the site JSON (hub_height_m) says which.
            // It is stored as the upper-level speed, the nearest of the two heights an observation has.
            new TimestampedColumn("wind_speed_hub", ObservationField.WindSpeed100mMs, Required: true),
            new TimestampedColumn("wind_dir", ObservationField.WindDirDeg, Required: true),
            new TimestampedColumn("pressure_hpa", ObservationField.PressureHpa, Required: true),
            new TimestampedColumn("rel_humidity", ObservationField.RelHumidityPct, Required: true),
        ],
        RequireHourStart: true);

    public static IAsyncEnumerable<Parsed> ReadAsync(Stream stream, long siteId, CancellationToken ct = default) =>
        TimestampedCsvParser.ReadAsync(Layout, stream, siteId, ct);

    public static IAsyncEnumerable<Parsed> ReadAsync(TextReader reader, long siteId, CancellationToken ct = default) =>
        TimestampedCsvParser.ReadAsync(Layout, reader, siteId, ct);
}
