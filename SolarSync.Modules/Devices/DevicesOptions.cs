using System.ComponentModel.DataAnnotations;
using SolarSync.Modules.Shared.Options;

namespace SolarSync.Modules.Devices;

/// <summary>Device telemetry and forecasts out (section "Devices"; the broker connection is "Devices:Mqtt").</summary>
internal sealed class DevicesOptions
{
    public const string Section = "Devices";

    /// <summary>A device counts as online when its last message arrived at most this long ago.</summary>
    [Range(1, 10080), Display(Name = "Devices:OfflineAfterMinutes")]
    public int OfflineAfterMinutes { get; init; } = 15;

    /// <summary>Larger payloads are quarantined (their first bytes kept) rather than parsed.</summary>
    [Range(64, 1048576), Display(Name = "Devices:MaxPayloadBytes")]
    public int MaxPayloadBytes { get; init; } = 4096;

    /// <summary>How far ahead of this host's clock a reading may be stamped (device clocks drift).</summary>
    [Range(0, 3600), Display(Name = "Devices:FutureToleranceSeconds")]
    public int FutureToleranceSeconds { get; init; } = 300;

    /// <summary>Readings older than this are quarantined: a device may upload what it buffered offline, not ancient history.</summary>
    [Range(1, 3650), Display(Name = "Devices:MaxReadingAgeDays")]
    public int MaxReadingAgeDays { get; init; } = 90;

    /// <summary>Messages stored (and then acknowledged) per database round trip at most.</summary>
    [Range(1, 20000), Display(Name = "Devices:WriteBatchSize")]
    public int WriteBatchSize { get; init; } = 2000;

    /// <summary>
    /// Telemetry received and not yet stored, at most (about 300 bytes each). Beyond it the host stops reading from the
    /// broker, which keeps the rest; a burst after an outage is taken at full speed up to this many.
    /// </summary>
    [Range(1000, 10_000_000), Display(Name = "Devices:MaxBufferedMessages")]
    public int MaxBufferedMessages { get; init; } = 200_000;

    /// <summary>How often hours whose readings changed are averaged into hourly observations.</summary>
    [Range(1, 3600), Display(Name = "Devices:HourlyRollupSeconds")]
    public int HourlyRollupSeconds { get; init; } = 10;

    /// <summary>devices:publish-forecasts; hourly, after collection:forecasts (minute 5) has stored the new weather.</summary>
    [Cron, Display(Name = "Devices:PublishForecastsCron")]
    public string PublishForecastsCron { get; init; } = "20 * * * *";

    /// <summary>Registers a device for each demo plant at start-up (the offline demo).</summary>
    public bool SeedDemoDevices { get; init; }

    /// <summary>Attempts per device before a publish counts as failed (and the job fails, for Hangfire to retry).</summary>
    [Range(1, 10), Display(Name = "Devices:PublishAttempts")]
    public int PublishAttempts { get; init; } = 3;
}
