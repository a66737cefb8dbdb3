namespace SolarSync.Modules.Shared.TimeSeries;

/// <summary>
/// One hour of one site from one source. <see cref="Ts"/> is the UTC start of the hour and every value is the
/// mean over that hour (so energy in kWh equals <see cref="PowerKw"/>). Null means missing.
/// </summary>
public sealed record Observation
{
    public required long SiteId { get; init; }

    /// <summary>UTC, start of the hour (minutes, seconds and offset zero).</summary>
    public required DateTimeOffset Ts { get; init; }

    /// <summary>One of <see cref="ObservationSources"/>; sources are never mixed in one row.</summary>
    public required string Source { get; init; }

    public double? GhiWm2 { get; init; }
    public double? DniWm2 { get; init; }
    public double? DhiWm2 { get; init; }
    public double? TempC { get; init; }
    public double? RelHumidityPct { get; init; }
    public double? PressureHpa { get; init; }
    public double? WindSpeed10mMs { get; init; }
    public double? WindSpeed100mMs { get; init; }
    public double? WindDirDeg { get; init; }
    public double? CloudCoverPct { get; init; }
    public double? PowerKw { get; init; }

    /// <summary>Soft-rule findings: the row is kept but flagged.</summary>
    public QualityFlags Flags { get; init; }

    /// <summary>True when the values were interpolated over a short gap rather than measured.</summary>
    public bool Imputed { get; init; }
}

/// <summary>Soft validation findings stored with a row (docs/architecture.md §4).</summary>
[Flags]
public enum QualityFlags
{
    None = 0,
    NightIrradiance = 1 << 0,
    AboveClearSky = 1 << 1,
    ClosureMismatch = 1 << 2,
    DewPointAboveTemperature = 1 << 3,
    Flatliner = 1 << 4,
    ZScoreOutlier = 1 << 5,
}

/// <summary>The names of the sources rows come from.</summary>
public static class ObservationSources
{
    public const string NasaPower = "nasa-power";
    public const string OpenMeteo = "open-meteo";
    public const string Psm3 = "psm3";
    public const string Meter = "meter";
    public const string WeatherCsv = "weather-csv";
    public const string EvalCsv = "eval-csv";
    public const string Simulated = "simulated";

    /// <summary>Hourly means of the readings plant devices publish over MQTT.</summary>
    public const string Telemetry = "telemetry";

    /// <summary>
    /// Which source a reader believes where several hold the same hour, lowest first: the plant's own telemetry beats
    /// imported meter files, which beat evaluation and irradiance files, which beat public weather services, which beat
    /// the simulation. Readers that let a later row win (<c>HourlySeries.FromObservations</c>) get rows in this order.
    /// </summary>
    public static IReadOnlyList<string> ByPrecedence { get; } =
        [Simulated, OpenMeteo, NasaPower, WeatherCsv, Psm3, EvalCsv, Meter, Telemetry];
}

/// <summary>Input that was refused, kept with its raw content and every reason so nothing is lost.</summary>
public sealed record Rejection(string Source, long? SiteId, string RawPayload, IReadOnlyList<string> Reasons);

/// <summary>What a parser makes of one input record: an observation, or a rejection with reasons.</summary>
public readonly record struct Parsed(Observation? Observation, Rejection? Rejection)
{
    public static Parsed Accept(Observation observation) => new(observation, null);

    public static Parsed Reject(Rejection rejection) => new(null, rejection);
}
