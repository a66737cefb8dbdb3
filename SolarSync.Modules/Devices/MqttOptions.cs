using System.ComponentModel.DataAnnotations;

namespace SolarSync.Modules.Devices;

internal sealed class MqttOptions
{
    public const string Section = "Devices:Mqtt";

    /// <summary>Broker host; empty turns MQTT off (and out of the readiness check).</summary>
    public string? Host { get; init; }

    [Range(1, 65535, ErrorMessage = "Devices:Mqtt:Port must be between 1 and 65535.")]
    public int Port { get; init; } = 1883;

    [Required(ErrorMessage = "Devices:Mqtt:ClientId is required.")]
    public string ClientId { get; init; } = "solarsync-host";

    /// <summary>From the environment (Devices__Mqtt__Username / Devices__Mqtt__Password) when the broker needs them.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    [Range(1, 3600, ErrorMessage = "Devices:Mqtt:KeepAliveSeconds must be between 1 and 3600.")]
    public int KeepAliveSeconds { get; init; } = 15;

    /// <summary>How often the connection loop pings the broker and reconnects when the link is gone.</summary>
    [Range(1, 600, ErrorMessage = "Devices:Mqtt:ReconnectSeconds must be between 1 and 600.")]
    public int ReconnectSeconds { get; init; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
