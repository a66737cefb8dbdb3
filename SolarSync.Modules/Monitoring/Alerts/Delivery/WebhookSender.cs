using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using SolarSync.Modules.Monitoring.Alerts.Data;

namespace SolarSync.Modules.Monitoring.Alerts.Delivery;

/// <summary>
/// Sends the queued messages, oldest first. Each call goes through the webhook client's resilience pipeline (retries
/// with backoff, a timeout per attempt and in total, AlertsRegistration); a message no attempt delivered becomes a
/// dead letter with the last error and is not tried again. A run is bounded: it starts no message after
/// Alerts:SendBudgetSeconds, and once a webhook has failed a message it sends it nothing more in that run, so a dead
/// receiver costs one message's attempts per run and the rest wait in the outbox for the next run.
/// </summary>
internal sealed class WebhookSender(
    IHttpClientFactory clients,
    AlertDeliveries deliveries,
    AlertMetrics metrics,
    IOptions<AlertsOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger)
{
    public const string ClientName = "alert-webhooks";

    /// <summary>At most this many messages per run, so that one run stays bounded; the rest go in the next.</summary>
    public const int BatchSize = 100;

    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        var sent = 0;
        var started = clock.GetTimestamp();
        var failing = new HashSet<string>();
        foreach (var delivery in await deliveries.PendingAsync(BatchSize, ct))
        {
            ct.ThrowIfCancellationRequested();
            if (clock.GetElapsedTime(started) > options.Value.SendBudget) break;
            if (failing.Contains(delivery.Webhook)) continue;
            if (!options.Value.Webhooks.TryGetValue(delivery.Webhook, out var webhook))
            {
                await deliveries.MarkFailedAsync(delivery.Id, clock.GetUtcNow(), $"webhook '{delivery.Webhook}' is no longer configured");
                metrics.Delivered(delivery.Webhook, "failed");
                continue;
            }

            var error = await SendAsync(webhook, WebhookPayloads.Body(delivery, webhook.Format, clock.GetUtcNow()), ct);
            if (error is null)
            {
                await deliveries.MarkDeliveredAsync(delivery.Id, clock.GetUtcNow());
                metrics.Delivered(delivery.Webhook, "delivered");
                sent++;
            }
            else
            {
                await deliveries.MarkFailedAsync(delivery.Id, clock.GetUtcNow(), error);
                metrics.Delivered(delivery.Webhook, "failed");
                failing.Add(delivery.Webhook);
                logger.LogError("Alert message {DeliveryId} ({Rule} {Subject}, {Kind}) could not be delivered to webhook {Webhook}: {Error}",
                    delivery.Id, delivery.Rule, delivery.Subject, delivery.Kind, delivery.Webhook, error);
            }
        }

        return sent;
    }

    /// <summary>Null when the webhook answered 2xx; else why not, without the URL (it may hold a token).</summary>
    private async Task<string?> SendAsync(WebhookOptions webhook, string body, CancellationToken ct)
    {
        var http = clients.CreateClient(ClientName);
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(webhook.Url, content, ct);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} (after the retries)";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or ExecutionRejectedException or OperationCanceledException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
