using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SolarSync.Tests.Devices;

internal sealed class MqttRefusedException(MqttClientConnectResultCode code) : Exception($"The broker refused the connection: {code}")
{
    public MqttClientConnectResultCode Code { get; } = code;
}

/// <summary>A plant device (or an observer) on a real broker: publishes at QoS 1 and waits for the broker's PUBACK.</summary>
internal sealed class MqttTestClient : IAsyncDisposable
{
    private readonly IMqttClient client;
    private readonly MqttClientOptions options;

    private MqttTestClient(IMqttClient client, MqttClientOptions options)
    {
        this.client = client;
        this.options = options;
    }

    public static async Task<MqttTestClient> ConnectAsync(int port, string? clientId = null, string? username = null, string? password = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId ?? "test-device-" + Guid.NewGuid().ToString("N")[..8])
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (username is not null) builder = builder.WithCredentials(username, password);
        var client = new MqttClientFactory().CreateMqttClient();
        var options = builder.Build();
        var connected = await client.ConnectAsync(options);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new MqttRefusedException(connected.ResultCode);
        }
        return new MqttTestClient(client, options);
    }

    public Task PublishAsync(string topic, string payload, bool retain = false) => PublishAsync(topic, Encoding.UTF8.GetBytes(payload), retain);

    public async Task PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        var result = await client.PublishAsync(message);
        if (!result.IsSuccess) throw new InvalidOperationException($"Publish to {topic} refused: {result.ReasonCode}");
    }

    /// <summary>Publishes, and on a lost link reconnects and publishes the same message again until the broker takes it.</summary>
    public async Task PublishUntilAcceptedAsync(string topic, string payload, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (!client.IsConnected) await client.ConnectAsync(options);
                await PublishAsync(topic, payload);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Subscribes and returns the first message on the topic (a retained one arrives at once), or null after the timeout.</summary>
    public async Task<MqttApplicationMessage?> FirstMessageAsync(string topic, TimeSpan timeout)
    {
        var first = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == topic) first.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build());
        var done = await Task.WhenAny(first.Task, Task.Delay(timeout));
        return done == first.Task ? first.Task.Result : null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync();
        }
        catch (Exception)
        {
            // The broker may already be gone (a test stops it); nothing to clean up then.
        }
        client.Dispose();
    }
}
