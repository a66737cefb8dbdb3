using System.ComponentModel.DataAnnotations;

namespace SolarSync.Modules.Prediction.Caching;

/// <summary>The forecast cache's settings; other option classes bind the same "Prediction" section.</summary>
internal sealed class ForecastCacheOptions
{
    public const string Section = "Prediction";

    /// <summary>
    /// False serves every forecast uncached: lookups are misses that touch no cache and nothing is stored. For
    /// measuring or debugging the computed path (bench/serve.sh); production keeps the default, true.
    /// </summary>
    public bool CacheEnabled { get; init; } = true;

    /// <summary>How long a served forecast stays cached. Entries also die earlier when the model version or the weather issue hour changes.</summary>
    [Range(1, 1440, ErrorMessage = "Prediction:CacheTtlMinutes must be between 1 and 1440.")]
    public int CacheTtlMinutes { get; init; } = 30;

    /// <summary>
    /// Longest a cache call may add to a request. Redis answers in well under a millisecond on the same network;
    /// beyond this the request is served uncached (the multiplexer's own timeout, 1 s, is too long for serving).
    /// </summary>
    [Range(10, 5000, ErrorMessage = "Prediction:CacheTimeoutMilliseconds must be between 10 and 5000.")]
    public int CacheTimeoutMilliseconds { get; init; } = 250;

    /// <summary>After a cache failure the cache is skipped for this long, then one request probes it again.</summary>
    [Range(1, 300, ErrorMessage = "Prediction:CacheBreakSeconds must be between 1 and 300.")]
    public int CacheBreakSeconds { get; init; } = 5;

    /// <summary>
    /// With Redis, how long a served entry is also kept in this process, so repeated requests skip the Redis round trip
    /// (bench/serve.sh); 0 turns the near copy off. Never longer than <see cref="CacheTtlMinutes"/>.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Prediction:NearCacheSeconds must be between 0 and 3600.")]
    public int NearCacheSeconds { get; init; } = 60;

    /// <summary>Memory the near copy may hold; beyond it the copy is compacted, least recently used entries first.</summary>
    [Range(1, 4096, ErrorMessage = "Prediction:NearCacheMegabytes must be between 1 and 4096.")]
    public int NearCacheMegabytes { get; init; } = 64;

    /// <summary>First part of every key, so several deployments (or test runs) can share one Redis.</summary>
    [RegularExpression("^[a-z0-9-]{1,40}$", ErrorMessage = "Prediction:CacheKeyPrefix must be 1 to 40 lower-case letters, digits or dashes.")]
    public string CacheKeyPrefix { get; init; } = "forecast";
}
