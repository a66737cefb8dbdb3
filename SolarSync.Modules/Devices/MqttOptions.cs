using System.ComponentModel.DataAnnotations;

namespace SolarSync.Modules.Devices;

internal enum MqttBrokerMode
{
    /// <summary>A broker of its own (Mosquitto, EMQX …) at Host:Port; the production default.</summary>
    External,

    /// <summary>An MQTTnet broker inside the host on Port, for a single box; the host's client connects to it on loopback.</summary>
    Embedded,
}

internal sealed class MqttOptions : IValidatableObject
{
    public const string Section = "Devices:Mqtt";

    [Display(Name = "Devices:Mqtt:Mode")]
    public MqttBrokerMode Mode { get; init; } = MqttBrokerMode.External;

    /// <summary>Broker host of the External mode; empty turns MQTT off (and out of the readiness check).</summary>
    public string? Host { get; init; }

    /// <summary>The External broker's port, or the port the Embedded broker listens on.</summary>
    [Range(1, 65535, ErrorMessage = "Devices:Mqtt:Port must be between 1 and 65535.")]
    public int Port { get; init; } = 1883;

    /// <summary>Fixed, so the broker keeps this host's session (and the telemetry queued for it) across restarts.</summary>
    [Required(ErrorMessage = "Devices:Mqtt:ClientId is required.")]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Devices:Mqtt:ClientId must be 1–64 letters, digits, '_' or '-'.")]
    public string ClientId { get; init; } = "solarsync-host";

    /// <summary>
    /// From the environment (Devices__Mqtt__Username / Devices__Mqtt__Password). With the Embedded broker they are the
    /// credentials every client (devices and this host) must present.
    /// </summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>TLS to the External broker; CaFile (PEM) pins the authority that signed its certificate.</summary>
    public bool UseTls { get; init; }

    public string? CaFile { get; init; }

    [Range(1, 3600, ErrorMessage = "Devices:Mqtt:KeepAliveSeconds must be between 1 and 3600.")]
    public int KeepAliveSeconds { get; init; } = 15;

    /// <summary>How often the connection loop pings the broker and reconnects when the link is gone.</summary>
    [Range(1, 600, ErrorMessage = "Devices:Mqtt:ReconnectSeconds must be between 1 and 600.")]
    public int ReconnectSeconds { get; init; } = 5;

    /// <summary>
    /// QoS 1 messages the broker may send before this host acknowledges them. Telemetry is acknowledged only once stored,
    /// in batches, so this window bounds the ingestion rate (window / write time); a few batches' worth lets the next
    /// batch arrive while one is stored.
    /// </summary>
    [Range(1, 65535, ErrorMessage = "Devices:Mqtt:ReceiveMaximum must be between 1 and 65535.")]
    public int ReceiveMaximum { get; init; } = 8000;

    /// <summary>How long the broker keeps this host's session (and its queued telemetry) while the host is away: 30 days.</summary>
    [Range(60, 315_360_000, ErrorMessage = "Devices:Mqtt:SessionExpirySeconds must be between 60 and 315360000 (10 years).")]
    public int SessionExpirySeconds { get; init; } = 2_592_000;

    public bool Enabled => Mode == MqttBrokerMode.Embedded || !string.IsNullOrWhiteSpace(Host);

    /// <summary>Where the host's client connects: the External broker, or the Embedded one on loopback.</summary>
    public string ClientHost => Mode == MqttBrokerMode.Embedded ? "127.0.0.1" : Host ?? "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == MqttBrokerMode.Embedded && (string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password)))
            yield return new ValidationResult(
                "Devices:Mqtt:Username and Devices:Mqtt:Password must be set (from the environment) for the Embedded broker: it accepts no anonymous client.",
                [nameof(Username), nameof(Password)]);
        if (Mode == MqttBrokerMode.Embedded && UseTls)
            yield return new ValidationResult("Devices:Mqtt:UseTls applies to an External broker; put TLS in front of the Embedded one.", [nameof(UseTls)]);
        if (!string.IsNullOrEmpty(CaFile) && !File.Exists(CaFile))
            yield return new ValidationResult($"Devices:Mqtt:CaFile '{CaFile}' does not exist.", [nameof(CaFile)]);
    }
}
