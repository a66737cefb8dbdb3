using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Devices.IngestTelemetry;

/// <summary>
/// Takes received telemetry in batches (whatever has arrived, up to Devices:WriteBatchSize), classifies each message,
/// quarantines the rejected ones, stores the readings, and only then acknowledges the batch, in arrival order. A batch
/// that cannot be stored is retried until it is (both writes are idempotent); a message left unacknowledged when the host
/// stops is delivered again by the broker. A batch's acknowledgements go out while the next batch is stored. Nothing a client sends can make this loop throw.
/// </summary>
internal sealed class TelemetryWriter(
    MqttConnection connection,
    TelemetryClassifier classifier,
    ReadingRepository readings,
    IQuarantine quarantine,
    DeviceDirectory directory,
    DevicesMetrics metrics,
    IOptions<DevicesOptions> options,
    TimeProvider clock,
    ILogger<TelemetryWriter> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var input = connection.Received;
        var batchSize = options.Value.WriteBatchSize;
        // A stored batch is acknowledged while the next one is classified and stored: the acknowledgements of one batch
        // go out in order, one batch after another, so the broker sees them in the order the messages came.
        var acknowledging = Task.CompletedTask;
        try
        {
            while (await input.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<ReceivedMessage>(batchSize);
                while (batch.Count < batchSize && input.TryRead(out var message)) batch.Add(message);
                await StoreUntilDoneAsync(batch, stoppingToken);
                await acknowledging;
                acknowledging = AcknowledgeAsync(batch, stoppingToken);
            }
            await acknowledging;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Unacknowledged messages stay with the broker for the next session.
        }
    }

    private async Task AcknowledgeAsync(List<ReceivedMessage> batch, CancellationToken ct)
    {
        foreach (var message in batch)
        {
            try
            {
                await message.AcknowledgeAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The link dropped: the broker redelivers the message and it is counted as a duplicate then.
                logger.LogDebug("Could not acknowledge a message on {Topic}: {Reason}", message.Topic, e.Message);
            }
        }
    }

    private async Task StoreUntilDoneAsync(List<ReceivedMessage> batch, CancellationToken ct)
    {
        var verdicts = new List<TelemetryVerdict>(batch.Count);
        foreach (var message in batch) verdicts.Add(await ClassifyAsync(message, ct));

        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StoreAsync(batch, verdicts, ct);
                break;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not store {Count} telemetry messages (attempt {Attempt}); retrying in {Delay}", batch.Count, attempt, delay);
                await Task.Delay(delay, clock, ct);
                delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, delay.Ticks * 2));
            }
        }

    }

    private async ValueTask<TelemetryVerdict> ClassifyAsync(ReceivedMessage message, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await classifier.ClassifyAsync(message, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Only the registry look-up can fail (the database); the message is not at fault, so wait and retry.
                logger.LogWarning("Could not look up the device of a message on {Topic}: {Reason}", message.Topic, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
            }
        }
    }

    private async Task StoreAsync(List<ReceivedMessage> batch, List<TelemetryVerdict> verdicts, CancellationToken ct)
    {
        var rejected = verdicts.Where(v => !v.Accepted)
            .Select(v => new Rejection(ObservationSources.Telemetry, v.Device?.Site.Id, v.RawPayload!, v.Reasons))
            .ToList();
        await quarantine.StoreAsync(rejected, ct);

        var accepted = verdicts.Where(v => v.Accepted).Select(v => new DeviceReading(v.Device!.Device.DeviceId, v.Device.Site.Id, v.Reading!)).ToList();
        var stored = await readings.StoreAsync(accepted, newKeys => Tally(batch, verdicts, newKeys), ct);

        var storedAt = clock.GetUtcNow();
        foreach (var (_, ts) in stored) metrics.Latency(storedAt - ts);
        metrics.Messages("stored", stored.Count);
        metrics.Messages("duplicate", accepted.Count - stored.Count);
        metrics.Messages("quarantined", rejected.Count);
        for (var i = 0; i < batch.Count; i++)
            if (verdicts[i].Device is { } device) directory.Seen(device.Device.DeviceId, batch[i].ReceivedAt);
    }

    private static IReadOnlyList<DeviceTally> Tally(List<ReceivedMessage> batch, List<TelemetryVerdict> verdicts, HashSet<(string, DateTimeOffset)> newKeys) =>
        verdicts.Select((v, i) => (Verdict: v, Message: batch[i]))
            .Where(x => x.Verdict.Device is not null)
            .GroupBy(x => x.Verdict.Device!.Device.DeviceId)
            .Select(g =>
            {
                // A message repeated inside one batch is stored once: the repeat is a duplicate.
                var stored = g.Where(x => x.Verdict.Accepted).Select(x => x.Verdict.Reading!.Timestamp).Distinct().Count(ts => newKeys.Contains((g.Key, ts)));
                var accepted = g.Count(x => x.Verdict.Accepted);
                var newest = g.Where(x => x.Verdict.Accepted).Select(x => (DateTimeOffset?)x.Verdict.Reading!.Timestamp).Max();
                return new DeviceTally(g.Key, stored, accepted - stored, g.Count() - accepted, g.Max(x => x.Message.ReceivedAt), newest);
            })
            .ToList();
}
