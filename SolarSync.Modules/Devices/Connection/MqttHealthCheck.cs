using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SolarSync.Modules.Devices.Connection;

internal sealed class MqttHealthCheck(MqttConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(connection.IsConnected
            ? HealthCheckResult.Healthy($"Connected to {connection.Broker}.")
            : HealthCheckResult.Unhealthy($"Not connected to the MQTT broker {connection.Broker}."));
}
