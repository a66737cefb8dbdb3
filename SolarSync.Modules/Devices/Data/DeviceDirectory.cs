using System.Collections.Concurrent;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.Data;

/// <summary>A registered device with its site, as telemetry needs them.</summary>
internal sealed record KnownDevice(Device Device, Site Site)
{
    /// <summary>The plant type in the device's topics: the site's.</summary>
    public PlantType PlantType => Site.Type;
}

/// <summary>
/// The registry in memory, so a message costs no database look-up. It is re-read when this host changes the registry,
/// every <see cref="RefreshInterval"/> (devices registered or deleted on another host), and when a message names a
/// device it does not know (at most every <see cref="UnknownReloadInterval"/>, so a flood of unknown ids cannot hammer
/// the database). It also keeps when each device was last heard from, for the online gauge.
/// </summary>
internal sealed class DeviceDirectory(DeviceRepository devices, ISiteDirectory sites, TimeProvider clock)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownReloadInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim reloading = new(1, 1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastSeen = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, KnownDevice> byId = new Dictionary<string, KnownDevice>();
    private long loadedAtTicks = DateTimeOffset.MinValue.UtcTicks;

    public async ValueTask<KnownDevice?> FindAsync(string deviceId, CancellationToken ct)
    {
        var age = clock.GetUtcNow().UtcTicks - Interlocked.Read(ref loadedAtTicks);
        var known = byId.GetValueOrDefault(deviceId);
        if (age > RefreshInterval.Ticks || (known is null && age > UnknownReloadInterval.Ticks))
        {
            await ReloadAsync(ct);
            known = byId.GetValueOrDefault(deviceId);
        }
        return known;
    }

    public async Task<IReadOnlyCollection<KnownDevice>> AllAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        return byId.Values.ToList();
    }

    /// <summary>The registry changed here: the next look-up reads it again.</summary>
    public void Invalidate() => Interlocked.Exchange(ref loadedAtTicks, DateTimeOffset.MinValue.UtcTicks);

    public void Seen(string deviceId, DateTimeOffset at) => lastSeen.AddOrUpdate(deviceId, at, (_, before) => at > before ? at : before);

    /// <summary>Registered devices heard from within <paramref name="window"/>.</summary>
    public int OnlineCount(TimeSpan window)
    {
        var since = clock.GetUtcNow() - window;
        return byId.Keys.Count(id => lastSeen.TryGetValue(id, out var seen) && seen >= since);
    }

    private async Task ReloadAsync(CancellationToken ct)
    {
        var startedTicks = clock.GetUtcNow().UtcTicks;
        await reloading.WaitAsync(ct);
        try
        {
            // Another caller reloaded while this one waited.
            if (Interlocked.Read(ref loadedAtTicks) >= startedTicks) return;
            var all = await devices.AllAsync(ct);
            var sitesById = (await sites.ListAsync(null, ct)).ToDictionary(s => s.Id);
            byId = all.Where(d => sitesById.ContainsKey(d.SiteId))
                .ToDictionary(d => d.DeviceId, d => new KnownDevice(d, sitesById[d.SiteId]), StringComparer.Ordinal);
            foreach (var device in all)
                if (device.LastSeenAt is { } seen) Seen(device.DeviceId, seen);
            Interlocked.Exchange(ref loadedAtTicks, clock.GetUtcNow().UtcTicks);
        }
        finally
        {
            reloading.Release();
        }
    }
}
