namespace SolarSync.Modules.Devices.IngestTelemetry;

/// <summary>
/// One reading of a device: its time and what it measured then. <see cref="WindSpeedMs"/> is the device's own
/// anemometer: at hub height on a turbine, at the weather station elsewhere.
/// </summary>
internal sealed record TelemetryReading(
    DateTimeOffset Timestamp, double PowerKw, double? GhiWm2, double? TempC, double? WindSpeedMs, double? WindDirDeg);
