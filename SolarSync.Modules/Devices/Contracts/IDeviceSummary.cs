namespace SolarSync.Modules.Devices.Contracts;

/// <summary>A site's registered devices and how many of them were heard from within Devices:OfflineAfterMinutes.</summary>
public sealed record SiteDevices(long SiteId, int Total, int Online);

/// <summary>How other modules read the device registry in summary (the operator console).</summary>
public interface IDeviceSummary
{
    /// <summary>One entry per site with at least one registered device.</summary>
    Task<IReadOnlyDictionary<long, SiteDevices>> BySiteAsync(CancellationToken ct);
}
