using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Prediction.Caching;

internal enum CacheOutcome
{
    Hit,
    Miss,
    /// <summary>The cache was not used: it failed, timed out, or is skipped after a recent failure.</summary>
    Bypass,
}

/// <summary>A lookup's outcome and, on a hit, the cached response bytes.</summary>
internal readonly record struct CacheLookup(CacheOutcome Outcome, byte[]? Value)
{
    /// <summary>The outcome as the forecast response's metadata.cache names it: "hit", "miss" or "bypass".</summary>
    public string OutcomeName => ForecastCache.NameOf(Outcome);
}

/// <summary>
/// This instance's cache counters since it started. <see cref="HitRate"/> is hits over all lookups, bypasses included:
/// the share of forecast requests actually served from the cache (0 before the first lookup). <see cref="NearHits"/> are
/// the hits (counted in <see cref="Hits"/> too) served from this process's near copy without a Redis call.
/// </summary>
internal sealed record CacheStats(string Backend, long Hits, long Misses, long Bypasses, long Errors, long NearHits = 0)
{
    public double HitRate => Hits + Misses + Bypasses is var lookups and > 0 ? (double)Hits / lookups : 0;
}

/// <summary>
/// The forecast cache over <see cref="IDistributedCache"/> (Redis or memory, see CacheServices): serialized forecast
/// responses under <see cref="ForecastCacheKey"/>, with the TTL of <see cref="ForecastCacheOptions"/>.
/// <para>
/// A cache failure never fails a request: every exception of the cache (connection, timeout, disposed multiplexer…)
/// makes the call a <see cref="CacheOutcome.Bypass"/>, counts an error, opens <see cref="CacheCircuit"/> and is logged
/// at most every <see cref="LogEvery"/>. Each call waits at most <see cref="ForecastCacheOptions.CacheTimeoutMilliseconds"/>
/// (StackExchange.Redis ignores cancellation once a command is queued, so the wait is bounded here, not by a token).
/// Only the caller's own cancellation propagates.
/// </para>
/// <para>
/// Metrics: each <see cref="GetAsync"/> adds one to <c>solarsync.predictions.cache</c> by outcome. A forecast request
/// makes exactly one lookup, so that counter is the predictions by cache outcome; the forecast service does not count
/// them again. Failures add to <c>solarsync.cache.errors</c> by operation.
/// </para>
/// <para>
/// With Redis, entries this instance served are also kept in a <see cref="NearCache"/> for a minute: a hit there
/// costs no Redis call. Only an entry Redis holds (read from or written to it) is kept near, and it is served only
/// while the generation was read from Redis within <see cref="RedisCacheGeneration.RefreshEvery"/>: when a re-read is
/// due the lookup goes to Redis, so a clear made elsewhere is seen as soon as without the near copy, and never while
/// the circuit is open: during a Redis outage lookups are bypasses, as without it.
/// </para>
/// <para>
/// With <see cref="ForecastCacheOptions.CacheEnabled"/> false every lookup is a miss that touches no cache, and nothing
/// is stored: each request computes its forecast.
/// </para>
/// </summary>
internal sealed class ForecastCache
{
    internal static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(30);

    private static readonly KeyValuePair<string, object?> HitTag = new("outcome", "hit");
    private static readonly KeyValuePair<string, object?> MissTag = new("outcome", "miss");
    private static readonly KeyValuePair<string, object?> BypassTag = new("outcome", "bypass");
    private static readonly CacheLookup Bypassed = new(CacheOutcome.Bypass, null);
    private static readonly CacheLookup Missed = new(CacheOutcome.Miss, null);

    private readonly IDistributedCache cache;
    private readonly ICacheGeneration generation;
    private readonly TimeProvider clock;
    private readonly ILogger<ForecastCache> logger;
    private readonly string prefix;
    private readonly bool enabled;
    private readonly TimeSpan timeout;
    private readonly DistributedCacheEntryOptions entryOptions;
    private readonly CacheCircuit circuit;
    private readonly NearCache? near;
    private readonly TimeSpan ttl;
    private readonly Counter<long> lookups;
    private readonly Counter<long> failures;

    private long hits;
    private long misses;
    private long bypasses;
    private long errors;
    private long nearHits;
    private long lastLoggedAt;
    private long unlogged;

    public ForecastCache(IDistributedCache cache, ICacheGeneration generation, NearCache? near, ForecastCacheOptions options, SolarSyncMetrics metrics,
        TimeProvider clock, ILogger<ForecastCache> logger)
    {
        this.near = near;
        this.cache = cache;
        this.generation = generation;
        this.clock = clock;
        this.logger = logger;
        prefix = options.CacheKeyPrefix;
        enabled = options.CacheEnabled;
        timeout = TimeSpan.FromMilliseconds(options.CacheTimeoutMilliseconds);
        // One instance for every write: the caches only read it.
        ttl = TimeSpan.FromMinutes(options.CacheTtlMinutes);
        entryOptions = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl };
        BreakFor = TimeSpan.FromSeconds(options.CacheBreakSeconds);
        // A probe gets a little longer than one call: it may read the generation before its lookup.
        circuit = new CacheCircuit(clock, BreakFor, 2 * timeout + TimeSpan.FromSeconds(1));
        lookups = metrics.Meter.CreateCounter<long>("solarsync.predictions.cache", "{request}", "Forecast requests by cache outcome (hit, miss, bypass).");
        failures = metrics.Meter.CreateCounter<long>("solarsync.cache.errors", "{error}", "Forecast cache operations that failed or timed out, by operation (get, set, clear).");
    }

    /// <summary>"redis" or "memory".</summary>
    public string Backend => generation.Backend;

    public TimeSpan BreakFor { get; }

    /// <summary>The generation this instance serves with; null until it has been read.</summary>
    internal long? Generation => generation.Known;

    /// <summary>True while the cache is skipped after a failure.</summary>
    internal bool IsCircuitOpen => circuit.IsOpen;

    /// <summary>The key an entry has in the <see cref="IDistributedCache"/> (Redis adds its instance name in front).</summary>
    internal string CacheKeyOf(ForecastCacheKey key, long generationNumber) => key.Format(prefix, generationNumber);

    /// <summary>The cached response of <paramref name="key"/>, a miss, or a bypass when the cache cannot be used; never throws for a cache failure.</summary>
    public async Task<CacheLookup> GetAsync(ForecastCacheKey key, CancellationToken ct)
    {
        // One async method on the path of every request (no wrapper layers): this is the cached-forecast hot path.
        var lookup = enabled ? Bypassed : Missed;
        if (near is not null && NearGet(key) is { } local)
        {
            lookup = new CacheLookup(CacheOutcome.Hit, local);
        }
        else if (enabled && circuit.TryEnter())
        {
            Task<byte[]?>? pending = null;
            try
            {
                // The generation is unknown only until its first read, while another request is reading it.
                if (await GenerationAsync(ct) is { } g)
                {
                    var cacheKey = key.Format(prefix, g);
                    pending = cache.GetAsync(cacheKey, ct);
                    var value = await pending.WaitAsync(timeout, clock, ct);
                    Recovered();
                    // Redis does not say how long the entry has left: kept near no longer than a fresh one.
                    if (value is not null) near?.Set(cacheKey, value, ttl);
                    lookup = value is null ? Missed : new CacheLookup(CacheOutcome.Hit, value);
                }
            }
            catch (Exception e)
            {
                Observe(pending);
                if (e is OperationCanceledException && ct.IsCancellationRequested) throw;
                Failed(e, "get");
            }
        }

        switch (lookup.Outcome)
        {
            case CacheOutcome.Hit: Interlocked.Increment(ref hits); lookups.Add(1, HitTag); break;
            case CacheOutcome.Miss: Interlocked.Increment(ref misses); lookups.Add(1, MissTag); break;
            default: Interlocked.Increment(ref bypasses); lookups.Add(1, BypassTag); break;
        }
        return lookup;
    }

    /// <summary>Stores the response of <paramref name="key"/> for the configured TTL; a cache failure is counted and swallowed.</summary>
    public async Task SetAsync(ForecastCacheKey key, byte[] value, CancellationToken ct)
    {
        if (!enabled || !circuit.TryEnter()) return;
        Task? pending = null;
        try
        {
            if (await GenerationAsync(ct) is not { } g) return;
            var cacheKey = key.Format(prefix, g);
            pending = cache.SetAsync(cacheKey, value, entryOptions, ct);
            await pending.WaitAsync(timeout, clock, ct);
            Recovered();
            near?.Set(cacheKey, value, ttl);
        }
        catch (Exception e)
        {
            Observe(pending);
            if (e is OperationCanceledException && ct.IsCancellationRequested) throw;
            Failed(e, "set");
        }
    }

    /// <summary>
    /// Starts a new generation, so no entry stored before is served again; returns it, or null when the cache could not
    /// be reached (then nothing was cleared). Not skipped by an open circuit: an operator asked for it.
    /// </summary>
    public async Task<long?> ClearAsync(CancellationToken ct)
    {
        try
        {
            // The multiplexer's own timeout bounds this admin call; the serving timeout would be needlessly tight.
            var cleared = await generation.BumpAsync().WaitAsync(ct);
            // The new generation already orphans every near entry; dropping them frees their memory now.
            near?.Clear();
            Recovered();
            logger.LogInformation("Forecast cache ({Backend}) cleared: generation {Generation}", Backend, cleared);
            return cleared;
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            Failed(e, "clear");
            return null;
        }
    }

    public CacheStats Stats() => new(Backend, Interlocked.Read(ref hits), Interlocked.Read(ref misses), Interlocked.Read(ref bypasses),
        Interlocked.Read(ref errors), Interlocked.Read(ref nearHits));

    internal static string NameOf(CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "hit",
        CacheOutcome.Miss => "miss",
        _ => "bypass",
    };

    /// <summary>The near copy of <paramref name="key"/> while the generation is fresh (see the class remarks), else null.</summary>
    private byte[]? NearGet(ForecastCacheKey key)
    {
        if (!enabled || circuit.IsOpen || generation.RefreshDue || generation.Known is not { } g || near!.Get(key.Format(prefix, g)) is not { } value) return null;
        Interlocked.Increment(ref nearHits);
        return value;
    }

    private ValueTask<long?> GenerationAsync(CancellationToken ct) =>
        generation.TryClaimRefresh() ? RefreshGenerationAsync(ct) : new(generation.Known);

    private async ValueTask<long?> RefreshGenerationAsync(CancellationToken ct)
    {
        var pending = generation.RefreshAsync();
        try
        {
            return await pending.WaitAsync(timeout, clock, ct);
        }
        catch
        {
            Observe(pending);
            throw;
        }
    }

    /// <summary>A call given up on (timed out) still ends later; observe its failure so it is not reported as unobserved.</summary>
    private static void Observe(Task? task) =>
        task?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void Recovered()
    {
        if (circuit.Succeeded())
            logger.LogInformation("Forecast cache ({Backend}) answers again; serving from it", Backend);
    }

    private void Failed(Exception e, string operation)
    {
        circuit.Failed();
        Interlocked.Increment(ref errors);
        failures.Add(1, new KeyValuePair<string, object?>("operation", operation));

        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref lastLoggedAt);
        if ((last == 0 || clock.GetElapsedTime(last, now) >= LogEvery) && Interlocked.CompareExchange(ref lastLoggedAt, now, last) == last)
        {
            var suppressed = Interlocked.Exchange(ref unlogged, 0);
            logger.LogWarning(e, "Forecast cache ({Backend}) failed on {Operation}; serving uncached, retrying in {BreakSeconds} s ({Suppressed} more failures since the last report)",
                Backend, operation, BreakFor.TotalSeconds, suppressed);
        }
        else
        {
            Interlocked.Increment(ref unlogged);
        }
    }
}
