using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SolarSync.Modules.Devices.Connection;

/// <summary>
/// Keeps the one MQTT client connected and subscribed. Reconnection happens in this loop, not inside the client's
/// Disconnected event, where MQTTnet can deadlock (see MQTTnet's reconnect samples). The session is persistent (fixed
/// client id, no clean start, a session expiry), so QoS 1 telemetry published while the host is down waits at the
/// broker. Telemetry is handed on through <see cref="Received"/> unacknowledged; the writer acknowledges it once stored.
/// </summary>
internal sealed class MqttConnection : BackgroundService
{
    private const int TcpBufferBytes = 1 << 20;

    private readonly IMqttClient client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<ReceivedMessage> received;
    private readonly MqttOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<MqttConnection> logger;
    private volatile bool subscribed;

    public MqttConnection(IOptions<MqttOptions> options, IOptions<DevicesOptions> devices, TimeProvider clock, ILogger<MqttConnection> logger)
    {
        this.options = options.Value;
        this.clock = clock;
        this.logger = logger;
        // While this handler waits for room, MQTTnet stops reading the socket; the broker then meets a closed TCP window
        // and resends at its retransmission pace (measured: ~1,300 msg/s instead of 20,000). Brokers do not always keep
        // to the receive window (Mosquitto 2.0 sent 14,000 unacknowledged against a window of 8,000), so the buffer is
        // sized for a burst, not for the window.
        received = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(devices.Value.MaxBufferedMessages)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += _ =>
        {
            subscribed = false;
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => client.IsConnected;

    /// <summary>Connected, and the telemetry subscriptions confirmed by the broker since the last (re)connect.</summary>
    public bool IsSubscribed => subscribed && client.IsConnected;

    public string Broker => $"{options.ClientHost}:{options.Port}";

    /// <summary>Telemetry as it arrives, each message to be acknowledged by its reader.</summary>
    public ChannelReader<ReceivedMessage> Received => received.Reader;

    /// <summary>Publishes at QoS 1 and waits for the broker's PUBACK; throws when not connected or refused.</summary>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken ct)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .WithContentType("application/json")
            .Build();
        var result = await client.PublishAsync(message, ct);
        if (!result.IsSuccess)
            throw new MqttCommunicationException($"The broker refused the publish to {topic}: {result.ReasonCode} {result.ReasonString}");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;

        var clientOptions = BuildClientOptions(options);
        var wasConnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await client.TryPingAsync(stoppingToken))
                {
                    if (wasConnected) logger.LogWarning("MQTT connection to {Broker} lost; reconnecting", Broker);
                    subscribed = false;
                    var connected = await client.ConnectAsync(clientOptions, stoppingToken);
                    // MQTTnet 5 returns a refusal (bad credentials, not authorized …) rather than throwing it.
                    if (connected.ResultCode != MqttClientConnectResultCode.Success)
                        throw new MqttCommunicationException($"the broker refused the connection: {connected.ResultCode} {connected.ReasonString}");
                    logger.LogInformation("MQTT connected to {Broker} (session present: {SessionPresent})", Broker, connected.IsSessionPresent);
                }
                // After every reconnect, even with a session present: a broker that lost its state must not leave us deaf.
                if (!subscribed) await SubscribeAsync(stoppingToken);
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
                await Task.Delay(TimeSpan.FromSeconds(options.ReconnectSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task SubscribeAsync(CancellationToken ct)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in TelemetryTopics.Subscriptions)
            builder = builder.WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        var result = await client.SubscribeAsync(builder.Build(), ct);
        var refused = result.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToList();
        if (refused.Count > 0)
            throw new MqttCommunicationException("The broker refused the subscriptions " +
                string.Join(", ", refused.Select(i => $"{i.TopicFilter.Topic} ({i.ResultCode})")));
        subscribed = true;
        logger.LogInformation("MQTT subscribed to {Topics}", string.Join(", ", TelemetryTopics.Subscriptions));
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged by the telemetry writer once the message is stored or quarantined, never before.
        e.AutoAcknowledge = false;
        var payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
        var message = new ReceivedMessage(e.ApplicationMessage.Topic, payload, clock.GetUtcNow(), e.AcknowledgeAsync);
        try
        {
            await received.Writer.WriteAsync(message);
        }
        catch (ChannelClosedException)
        {
            // Stopping: left unacknowledged, the broker delivers it again to the next session.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        received.Writer.TryComplete();
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

        try
        {
            client.Dispose();
        }
        catch (ObjectDisposedException e)
        {
            // MQTTnet 5's Dispose cancels the client's internal token source again; when the link's own teardown has
            // disposed it in the meantime, Dispose throws although everything is already released. Stopping must not fail.
            logger.LogDebug("MQTT client already torn down while disposing: {Reason}", e.Message);
        }
    }

    private static MqttClientOptions BuildClientOptions(MqttOptions mqtt)
    {
        var builder = new MqttClientOptionsBuilder()
            // MQTTnet's 8 kB socket buffer pins the kernel's receive window at ~16 kB (no window scaling); in a telemetry
            // burst the broker then waits on a closed window (measured: ~300–1,700 msg/s). 1 MiB lets it stream. The end
            // point comes first: WithEndPoint replaces the TCP options, WithTcpServer(options) keeps the end point.
            .WithEndPoint(new DnsEndPoint(mqtt.ClientHost, mqtt.Port))
            .WithTcpServer(tcp => tcp.BufferSize = TcpBufferBytes)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(mqtt.ClientId)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(mqtt.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithReceiveMaximum((ushort)mqtt.ReceiveMaximum)
            // A persistent session: the broker keeps QoS 1 telemetry for us while we are away.
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)mqtt.SessionExpirySeconds);
        if (!string.IsNullOrEmpty(mqtt.Username))
            builder = builder.WithCredentials(mqtt.Username, mqtt.Password);
        if (mqtt.UseTls)
        {
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(mqtt.ClientHost);
                if (!string.IsNullOrEmpty(mqtt.CaFile))
                    tls.WithTrustChain(new X509Certificate2Collection(X509CertificateLoader.LoadCertificateFromFile(mqtt.CaFile)));
            });
        }
        return builder.Build();
    }
}
