using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;

namespace SolarSync.Modules.Devices.Connection;

/// <summary>
/// Keeps the one MQTT client connected. Reconnection happens in this loop, not inside the client's
/// Disconnected event, where MQTTnet can deadlock (see MQTTnet's reconnect samples).
/// </summary>
internal sealed class MqttConnection(IOptions<MqttOptions> options, ILogger<MqttConnection> logger) : BackgroundService
{
    private readonly IMqttClient client = new MqttClientFactory().CreateMqttClient();

    public bool IsConnected => client.IsConnected;

    public string Broker => $"{options.Value.Host}:{options.Value.Port}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mqtt = options.Value;
        if (!mqtt.Enabled) return;

        var clientOptions = BuildClientOptions(mqtt);
        var wasConnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await client.TryPingAsync(stoppingToken))
                {
                    if (wasConnected) logger.LogWarning("MQTT connection to {Broker} lost; reconnecting", Broker);
                    await client.ConnectAsync(clientOptions, stoppingToken);
                    logger.LogInformation("MQTT connected to {Broker}", Broker);
                }
                wasConnected = true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("MQTT connection to {Broker} failed: {Reason}", Broker, e.Message);
                wasConnected = false;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(mqtt.ReconnectSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken);
        }
        catch (Exception e) when (e is MqttCommunicationException or ObjectDisposedException or NullReferenceException)
        {
            // The link can drop between the check and the DISCONNECT packet; stopping must not fail because of it.
            // MQTTnet 5 then fails inside Send with a NullReferenceException (its channel adapter is already gone).
            logger.LogDebug("MQTT link already closed while disconnecting: {Reason}", e.Message);
        }
        client.Dispose();
    }

    private static MqttClientOptions BuildClientOptions(MqttOptions mqtt)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(mqtt.Host, mqtt.Port)
            .WithClientId(mqtt.ClientId)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(mqtt.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10))
            // A persistent session: the broker keeps QoS 1 telemetry for us while we are away.
            .WithCleanSession(false)
            .WithSessionExpiryInterval(uint.MaxValue);
        if (!string.IsNullOrEmpty(mqtt.Username))
            builder = builder.WithCredentials(mqtt.Username, mqtt.Password);
        return builder.Build();
    }
}
