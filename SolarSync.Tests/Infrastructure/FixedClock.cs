namespace SolarSync.Tests.Infrastructure;

/// <summary>
/// A clock that says a fixed "now", moved only by <see cref="Advance"/>, but keeps real timers and stopwatches, so
/// retry delays and timeouts still elapse (FakeTimeProvider would freeze them).
/// </summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>Moves "now" on, as the time between two runs of a job.</summary>
    public void Advance(TimeSpan by) => now += by;
}
