using System.ComponentModel.DataAnnotations;
using SolarSync.Modules.Shared.Options;

namespace SolarSync.Modules.Monitoring.Alerts;

/// <summary>Alert rules, their repetition and the webhooks they go to (section "Alerts").</summary>
internal sealed class AlertsOptions : IValidatableObject
{
    public const string Section = "Alerts";

    /// <summary>When the rules are evaluated (and waiting messages sent); every minute by default.</summary>
    [Cron, Display(Name = "Alerts:EvaluateCron")]
    public string EvaluateCron { get; init; } = "* * * * *";

    /// <summary>An active alert is notified again at most this often, until it resolves.</summary>
    [Range(1, 10080, ErrorMessage = "Alerts:RepeatMinutes must be between 1 and 10080.")]
    public int RepeatMinutes { get; init; } = 60;

    /// <summary>A site whose latest day's data quality (0–1) is below this fires data-quality.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Alerts:MinQuality must be between 0 and 1.")]
    public double MinQuality { get; init; } = 0.8;

    /// <summary>Failed collection runs in a row (same kind, source and site) that fire collection-failed.</summary>
    [Range(1, 100, ErrorMessage = "Alerts:CollectionFailuresInRow must be between 1 and 100.")]
    public int CollectionFailuresInRow { get; init; } = 3;

    /// <summary>The model store's disk with less free space than this share (%) fires model-store-disk.</summary>
    [Range(0.0, 100.0, ErrorMessage = "Alerts:MinFreeDiskPercent must be between 0 and 100.")]
    public double MinFreeDiskPercent { get; init; } = 10;

    /// <summary>How far back a promotion or rollback is still announced (a host down longer misses it).</summary>
    [Range(1, 10080, ErrorMessage = "Alerts:EventLookbackMinutes must be between 1 and 10080.")]
    public int EventLookbackMinutes { get; init; } = 60;

    /// <summary>Retries of a webhook call after the first attempt (exponential backoff with jitter).</summary>
    [Range(1, 10, ErrorMessage = "Alerts:DeliveryRetries must be between 1 and 10.")]
    public int DeliveryRetries { get; init; } = 3;

    [Range(0.0, 300.0, ErrorMessage = "Alerts:RetryBaseDelaySeconds must be between 0 and 300.")]
    public double RetryBaseDelaySeconds { get; init; } = 2;

    /// <summary>How long one webhook call may take.</summary>
    [Range(0.1, 120.0, ErrorMessage = "Alerts:AttemptTimeoutSeconds must be between 0.1 and 120.")]
    public double AttemptTimeoutSeconds { get; init; } = 10;

    /// <summary>A run starts sending no message after this long (the rest go in the next run), so a slow receiver cannot hold up the evaluations.</summary>
    [Range(1, 600, ErrorMessage = "Alerts:SendBudgetSeconds must be between 1 and 600.")]
    public int SendBudgetSeconds { get; init; } = 30;

    /// <summary>Webhooks by name: <c>Alerts:Webhooks:&lt;name&gt;:Url</c> and <c>:Format</c> (json or slack).</summary>
    public Dictionary<string, WebhookOptions> Webhooks { get; init; } = [];

    public TimeSpan RetryBaseDelay => TimeSpan.FromSeconds(RetryBaseDelaySeconds);

    public TimeSpan AttemptTimeout => TimeSpan.FromSeconds(AttemptTimeoutSeconds);

    public TimeSpan SendBudget => TimeSpan.FromSeconds(SendBudgetSeconds);

    /// <summary>Every attempt timing out, plus the backoff between them (the delays double, at most 30 s each).</summary>
    public TimeSpan TotalTimeout => TimeSpan.FromSeconds((DeliveryRetries + 1) * AttemptTimeoutSeconds
        + Enumerable.Range(0, DeliveryRetries).Sum(i => Math.Min(30, 2 * RetryBaseDelaySeconds * Math.Pow(2, i))) + 1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, webhook) in Webhooks)
        {
            var key = $"{Section}:Webhooks:{name}";
            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                yield return new ValidationResult($"{key}:Url must be an absolute http(s) URL (set it from the environment when it holds a token).", [nameof(Webhooks)]);
            if (!WebhookFormats.All.Contains(webhook.Format))
                yield return new ValidationResult($"{key}:Format must be one of {string.Join(", ", WebhookFormats.All)}, not '{webhook.Format}'.", [nameof(Webhooks)]);
        }
    }
}

/// <summary>One webhook: where to post and in which shape.</summary>
internal sealed class WebhookOptions
{
    public string Url { get; init; } = "";

    public string Format { get; init; } = WebhookFormats.Json;
}

internal static class WebhookFormats
{
    /// <summary>The alert as a JSON object (rule, subject, severity, state, message, times).</summary>
    public const string Json = "json";

    /// <summary>Slack's incoming-webhook shape, <c>{"text": "..."}</c> (Mattermost and others accept it too).</summary>
    public const string Slack = "slack";

    public static readonly string[] All = [Json, Slack];
}
