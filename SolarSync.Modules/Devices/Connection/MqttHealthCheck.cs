using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SolarSync.Modules.Devices.Connection;

/// <summary>Ready when connected to the broker and subscribed to the telemetry topics.</summary>
internal sealed class MqttHealthCheck(MqttConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var data = new Dictionary<string, object>
        {
            ["broker"] = connection.Broker,
            ["connected"] = connection.IsConnected,
            ["subscribed"] = connection.IsSubscribed,
            ["topics"] = string.Join(",", TelemetryTopics.Subscriptions),
        };
        var result = connection.IsSubscribed
            ? HealthCheckResult.Healthy($"Connected to {connection.Broker}, subscribed to {data["topics"]}.", data)
            : connection.IsConnected
                ? HealthCheckResult.Unhealthy($"Connected to {connection.Broker} but not (yet) subscribed to the telemetry topics.", data: data)
                : HealthCheckResult.Unhealthy($"Not connected to the MQTT broker {connection.Broker}.", data: data);
        return Task.FromResult(result);
    }
}
