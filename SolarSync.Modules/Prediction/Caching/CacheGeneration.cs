using StackExchange.Redis;

namespace SolarSync.Modules.Prediction.Caching;

/// <summary>
/// The number every forecast cache key carries; a clear bumps it, which orphans every older entry at once (they expire
/// by TTL) instead of scanning Redis for keys to delete — SCAN/DEL over a shared Redis is slow and not atomic.
/// </summary>
internal interface ICacheGeneration
{
    /// <summary>"redis" or "memory".</summary>
    string Backend { get; }

    /// <summary>The generation this process serves with, or null until it has been read once.</summary>
    long? Known { get; }

    /// <summary>True when <see cref="Known"/> is due to be re-read (it may be stale); no claim is made.</summary>
    bool RefreshDue { get; }

    /// <summary>True, for one caller at a time, when <see cref="Known"/> should be re-read; that caller then calls <see cref="RefreshAsync"/>.</summary>
    bool TryClaimRefresh();

    /// <summary>Re-reads the generation; releases the claim of <see cref="TryClaimRefresh"/> however it ends.</summary>
    Task<long> RefreshAsync();

    /// <summary>Starts a new generation and returns it; effective in this process as soon as it returns.</summary>
    Task<long> BumpAsync();
}

/// <summary>
/// In-memory cache: the generation lives with the entries, in this process. A restart empties both, so nothing
/// cleared can come back.
/// </summary>
internal sealed class MemoryCacheGeneration : ICacheGeneration
{
    private long generation;

    public string Backend => "memory";

    public long? Known => Volatile.Read(ref generation);

    public bool RefreshDue => false;

    public bool TryClaimRefresh() => false;

    public Task<long> RefreshAsync() => Task.FromResult(Volatile.Read(ref generation));

    public Task<long> BumpAsync() => Task.FromResult(Interlocked.Increment(ref generation));
}

/// <summary>
/// Redis cache: the generation is a Redis counter next to the entries, so a clear reaches every API instance and
/// survives their restarts (an instance that starts reads the current generation before it serves from the cache).
/// Each instance re-reads it at most every <see cref="RefreshEvery"/> and serves with the value it holds in between:
/// one GET per couple of seconds instead of one per request, at the price of a clear made on another instance taking
/// up to that long to reach this one (a clear made here is effective here at once).
/// <para>
/// Our Redis keeps no data on disk (scripts/services.sh, deploy): after a Redis restart the counter is gone with the
/// entries. A missing counter starts at Unix time in microseconds rather than 0, so generations only ever grow and a
/// number in use before the loss (whose entries may be written again by an instance that has not re-read yet) is
/// never reached again by later clears.
/// </para>
/// </summary>
internal sealed class RedisCacheGeneration(IConnectionMultiplexer redis, string prefix, TimeProvider clock) : ICacheGeneration
{
    internal static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private const long Unknown = -1;

    private readonly RedisKey key = $"solarsync:{prefix}:generation";
    private long known = Unknown;
    private long refreshAt;
    private int refreshing;

    public string Backend => "redis";

    public long? Known => Volatile.Read(ref known) is var g && g != Unknown ? g : null;

    internal RedisKey Key => key;

    public bool RefreshDue => clock.GetTimestamp() >= Volatile.Read(ref refreshAt);

    public bool TryClaimRefresh() =>
        RefreshDue && Interlocked.CompareExchange(ref refreshing, 1, 0) == 0;

    public async Task<long> RefreshAsync()
    {
        try
        {
            var db = redis.GetDatabase();
            var value = await db.StringGetAsync(key);
            if (value.IsNull)
            {
                await db.StringSetAsync(key, NewBase(), when: When.NotExists);
                value = await db.StringGetAsync(key);
            }
            return Raise((long)value);
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }

    public async Task<long> BumpAsync()
    {
        var db = redis.GetDatabase();
        await db.StringSetAsync(key, NewBase(), when: When.NotExists);
        return Raise(await db.StringIncrementAsync(key));
    }

    private long NewBase() => clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    /// <summary>
    /// Generations only grow (see the class remarks), so a read that raced a bump and returns the older number must
    /// not lower what this process serves with.
    /// </summary>
    private long Raise(long generation)
    {
        var current = Volatile.Read(ref known);
        while (generation > current)
        {
            var seen = Interlocked.CompareExchange(ref known, generation, current);
            if (seen == current) break;
            current = seen;
        }
        Volatile.Write(ref refreshAt, clock.GetTimestamp() + (long)(RefreshEvery.TotalSeconds * clock.TimestampFrequency));
        return Math.Max(generation, current);
    }
}
