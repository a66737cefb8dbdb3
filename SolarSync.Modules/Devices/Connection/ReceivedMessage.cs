namespace SolarSync.Modules.Devices.Connection;

/// <summary>
/// One QoS 1 message as received: the payload is a copy (the client reuses its buffers). <see cref="AcknowledgeAsync"/>
/// sends the PUBACK; until then the broker keeps the message and redelivers it after a reconnect, so it is called only
/// once the message is stored or quarantined, in the order messages arrived.
/// </summary>
internal sealed record ReceivedMessage(string Topic, byte[] Payload, DateTimeOffset ReceivedAt, Func<CancellationToken, Task> AcknowledgeAsync);
