namespace SolarSync.Modules.Devices.Domain;

/// <summary>A registered device with what its telemetry has done so far.</summary>
/// <param name="LastSeenAt">When its last message arrived (stored, duplicate or quarantined).</param>
/// <param name="LastPayloadAt">The newest reading time it has sent.</param>
internal sealed record Device(
    string DeviceId,
    DeviceType Type,
    long SiteId,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? LastPayloadAt,
    long MessagesStored,
    long MessagesDuplicate,
    long MessagesQuarantined);
