namespace SolarSync.Modules.Prediction.Caching;

/// <summary>
/// A circuit breaker for the forecast cache: after a failure the cache is skipped for a break, then one request
/// probes it; success closes the circuit, failure starts another break. While Redis is down this costs one timeout per
/// break instead of one per request. Hand-written rather than Polly's breaker (which the host has through
/// Microsoft.Extensions.Http.Resilience): the whole state is one timestamp read once per request on the hot path,
/// where a Polly pipeline would add a rented context, a callback and an outcome object per call, and we need none
/// of its sampling windows or failure ratios — any failure of a sub-millisecond cache call is reason enough to stop.
/// </summary>
internal sealed class CacheCircuit(TimeProvider clock, TimeSpan breakFor, TimeSpan probeFor)
{
    private const long Closed = 0;

    private readonly long breakTicks = Ticks(clock, breakFor);
    private readonly long probeTicks = Ticks(clock, probeFor);

    // Closed, or the TimeProvider timestamp until which callers skip the cache.
    private long openUntil = Closed;

    public bool IsOpen => Volatile.Read(ref openUntil) != Closed;

    /// <summary>True when the caller may use the cache: the circuit is closed, or the break is over and this caller is the probe.</summary>
    public bool TryEnter()
    {
        var until = Volatile.Read(ref openUntil);
        if (until == Closed) return true;
        var now = clock.GetTimestamp();
        if (now < until) return false;
        // The break is over. The first caller to push the deadline past its probe is the probe; the others keep
        // skipping until it reports (or, if it never does, until its probe time is over too).
        return Interlocked.CompareExchange(ref openUntil, now + probeTicks, until) == until;
    }

    /// <summary>Closes the circuit; true when it was open (the cache has just come back).</summary>
    public bool Succeeded() =>
        // Read first: a write per successful request would bounce this field between cores.
        Volatile.Read(ref openUntil) != Closed && Interlocked.Exchange(ref openUntil, Closed) != Closed;

    public void Failed() => Volatile.Write(ref openUntil, clock.GetTimestamp() + breakTicks);

    private static long Ticks(TimeProvider clock, TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);
}
