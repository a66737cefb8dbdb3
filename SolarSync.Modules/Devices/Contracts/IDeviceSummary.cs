namespace SolarSync.Modules.Devices.Contracts;

/// <summary>A site's registered devices and how many of them were heard from within Devices:OfflineAfterMinutes.</summary>
public sealed record SiteDevices(long SiteId, int Total, int Online);

/// <summary>
/// A registered device not heard from within Devices:OfflineAfterMinutes (<see cref="OfflineAfterMinutes"/>): its last
/// message arrived at <see cref="LastSeenAt"/>, or never since it was registered at <see cref="RegisteredAt"/>.
/// </summary>
public sealed record OfflineDevice(string DeviceId, long SiteId, DateTimeOffset RegisteredAt, DateTimeOffset? LastSeenAt, int OfflineAfterMinutes);

/// <summary>How other modules read the device registry in summary (the operator console, the alerts).</summary>
public interface IDeviceSummary
{
    /// <summary>One entry per site with at least one registered device.</summary>
    Task<IReadOnlyDictionary<long, SiteDevices>> BySiteAsync(CancellationToken ct);

    /// <summary>The devices silent for longer than Devices:OfflineAfterMinutes at <paramref name="now"/>, by id.</summary>
    Task<IReadOnlyList<OfflineDevice>> OfflineAsync(DateTimeOffset now, CancellationToken ct);
}
