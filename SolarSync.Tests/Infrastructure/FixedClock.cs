namespace SolarSync.Tests.Infrastructure;

/// <summary>
/// A clock that says a fixed "now" but keeps real timers and stopwatches, so retry delays and timeouts still
/// elapse (FakeTimeProvider would freeze them).
/// </summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
