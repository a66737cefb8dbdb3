namespace SolarSync.Tests.Infrastructure;

/// <summary>A clock whose "now" a test moves (a daily job on several days, an alert's repeat); real timers still elapse.</summary>
internal sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
