namespace SolarSync.Modules.Monitoring.Alerts.Rules;

internal enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>
/// What a rule finds true now about one subject (a site, device, plant type, source…). A condition alert stays active
/// while the rule keeps reporting it; an <see cref="IsEvent"/> alert (something that happened) is announced once.
/// </summary>
internal sealed record AlertCondition(string Rule, string Subject, AlertSeverity Severity, string Message, bool IsEvent = false);

/// <summary>One alert rule: reads other modules' contracts and says which subjects are in alarm at <paramref name="now"/>.</summary>
internal interface IAlertRule
{
    /// <summary>The rule's name, as in the metric's rule label and GET /admin/alerts.</summary>
    string Name { get; }

    Task<IReadOnlyList<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken ct);
}
