namespace SolarSync.Modules.Devices.IngestTelemetry;

/// <summary>
/// Rule ids of telemetry quarantine reasons ("rule-id: message"), next to the validation ids (range:*, future) that
/// the same messages can break. Stored and counted, so never rename one.
/// </summary>
internal static class TelemetryRules
{
    public const string NotJson = "telemetry:not-json";
    public const string MissingField = "telemetry:missing-field";
    public const string WrongType = "telemetry:wrong-type";
    public const string TooLarge = "telemetry:too-large";
    public const string UnknownDevice = "telemetry:unknown-device";
    public const string TopicType = "telemetry:topic-type";
    public const string BadTopic = "telemetry:topic";
    public const string TooOld = "telemetry:too-old";
}
