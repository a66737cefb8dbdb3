using System.Text.Json;
using System.Text.Json.Serialization;
using SolarSync.Modules.Monitoring.Alerts.Data;

namespace SolarSync.Modules.Monitoring.Alerts.Delivery;

/// <summary>The generic JSON message (Alerts:Webhooks:&lt;name&gt;:Format = json).</summary>
/// <param name="Notification">fired (first notice), repeat (still active) or resolved.</param>
/// <param name="State">firing or resolved.</param>
internal sealed record AlertMessage(
    long AlertId, string Rule, string Subject, string Severity, string State, string Notification, string Message,
    DateTimeOffset FiredAt, DateTimeOffset? ResolvedAt, DateTimeOffset SentAt);

/// <summary>The Slack-compatible message (Format = slack): one line of text, which Slack, Mattermost and Teams workflows show as is.</summary>
internal sealed record SlackMessage(string Text);

/// <summary>A queued delivery as the body its webhook's format asks for.</summary>
internal static class WebhookPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Body(PendingDelivery delivery, string format, DateTimeOffset now) =>
        format == WebhookFormats.Slack
            ? JsonSerializer.Serialize(new SlackMessage(SlackText(delivery)), Json)
            : JsonSerializer.Serialize(Message(delivery, now), Json);

    public static AlertMessage Message(PendingDelivery d, DateTimeOffset now) =>
        new(d.AlertId, d.Rule, d.Subject, d.Severity, d.Kind == "resolved" ? "resolved" : "firing", d.Kind, d.Message, d.FiredAt,
            d.Kind == "resolved" ? d.ResolvedAt : null, now);

    public static string SlackText(PendingDelivery d)
    {
        var head = d.Kind switch
        {
            "resolved" => "RESOLVED",
            "repeat" => "STILL FIRING",
            _ => "FIRING",
        };
        return $"[{head}] {d.Severity} {d.Rule} {d.Subject}: {d.Message}";
    }
}
