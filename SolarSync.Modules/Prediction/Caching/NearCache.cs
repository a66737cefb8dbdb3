using Microsoft.Extensions.Caching.Memory;

namespace SolarSync.Modules.Prediction.Caching;

/// <summary>
/// An in-process copy of recently used Redis entries, under the same keys (generation included), so a repeated
/// forecast is served without a Redis round trip. Entries live at most <see cref="ForecastCacheOptions.NearCacheSeconds"/>
/// and the whole copy at most <see cref="ForecastCacheOptions.NearCacheMegabytes"/>; a clear empties it. A clear made on
/// another instance reaches this one with the generation (within seconds), which changes every key, as for Redis.
/// </summary>
internal sealed class NearCache : IDisposable
{
    private readonly MemoryCache entries;
    private readonly TimeSpan lifetime;

    public NearCache(TimeSpan lifetime, long sizeLimitBytes)
    {
        this.lifetime = lifetime;
        entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimitBytes });
    }

    /// <summary>The near copy the options ask for in front of Redis; none when they turn it off.</summary>
    public static NearCache? ForRedis(ForecastCacheOptions options) =>
        options.NearCacheSeconds > 0 ? new NearCache(TimeSpan.FromSeconds(options.NearCacheSeconds), options.NearCacheMegabytes * 1024L * 1024L) : null;

    public byte[]? Get(string key) => entries.TryGetValue(key, out byte[]? value) ? value : null;

    /// <summary>Keeps <paramref name="value"/> for the near lifetime, or for <paramref name="atMost"/> when shorter (an entry never outlives Redis's).</summary>
    public void Set(string key, byte[] value, TimeSpan atMost) =>
        entries.Set(key, value, new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = lifetime < atMost ? lifetime : atMost,
            Size = value.Length,
        });

    public void Clear() => entries.Clear();

    public void Dispose() => entries.Dispose();
}
