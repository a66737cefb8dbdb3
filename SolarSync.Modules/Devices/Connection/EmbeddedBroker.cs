using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace SolarSync.Modules.Devices.Connection;

/// <summary>
/// The MQTTnet broker of Devices:Mqtt:Mode=Embedded, for a single box without Mosquitto: it listens on Devices:Mqtt:Port,
/// accepts only clients presenting Devices:Mqtt:Username/Password (from the environment), and keeps persistent sessions,
/// so a device or this host reconnecting finds its queued QoS 1 messages. Sessions and retained forecasts live in memory:
/// they end with the process (devices keep their own unacknowledged messages and resend them; forecasts are published
/// again every hour).
/// </summary>
internal sealed class EmbeddedBroker(IOptions<MqttOptions> options, ILogger<EmbeddedBroker> logger) : IHostedService, IDisposable
{
    // Far above what the host's client lags behind by; MQTTnet's default (250) would drop telemetry in a burst.
    private const int MaxPendingMessagesPerClient = 1_000_000;

    private MqttServer? server;

    public bool IsRunning => server?.IsStarted == true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mqtt = options.Value;
        if (mqtt.Mode != MqttBrokerMode.Embedded) return;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(mqtt.Port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(MaxPendingMessagesPerClient)
            .Build();
        server = new MqttServerFactory().CreateMqttServer(serverOptions);
        var user = Encoding.UTF8.GetBytes(mqtt.Username!);
        var password = Encoding.UTF8.GetBytes(mqtt.Password!);
        server.ValidatingConnectionAsync += e =>
        {
            if (!Matches(e.UserName, user) || !Matches(e.Password, password))
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                logger.LogWarning("Embedded MQTT broker refused client {ClientId} from {Endpoint}: bad user name or password", e.ClientId, e.RemoteEndPoint);
            }
            return Task.CompletedTask;
        };
        await server.StartAsync();
        logger.LogInformation("Embedded MQTT broker listening on port {Port}", mqtt.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not { IsStarted: true }) return;
        try
        {
            await server.StopAsync(new MqttServerStopOptions());
        }
        catch (Exception e)
        {
            // A client's link closing at the same moment; the process is stopping anyway, so it must not fail for this.
            logger.LogWarning("Embedded MQTT broker stopped with an error: {Reason}", e.Message);
        }
    }

    public void Dispose() => server?.Dispose();

    // Constant-time, so the time a refusal takes tells nothing about how much of the secret matched.
    private static bool Matches(string? given, byte[] expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected);
}
