using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Prediction.Caching;
using SolarSync.Tests.Infrastructure;
using StackExchange.Redis;
using static SolarSync.Tests.Prediction.Caching.ForecastCacheTestKit;

namespace SolarSync.Tests.Prediction.Caching;

/// <summary>The near copy in front of Redis: served without a Redis call while the generation is fresh, never past it.</summary>
[NonParallelizable]
public sealed class ForecastNearCacheTests
{
    private SolarSyncApp app = null!;

    private IDatabase Redis => app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        app = await SolarSyncApp.StartAsync(new Dictionary<string, string?> { ["Prediction:CacheKeyPrefix"] = UniquePrefix() });
        try
        {
            await Redis.PingAsync();
        }
        catch (RedisException e)
        {
            TestServices.Unavailable($"Redis at {TestServices.Redis} ({e.Message})");
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }

    [Test]
    public async Task A_stored_entry_is_served_near_without_redis_until_the_generation_is_due_for_a_re_read()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = AnotherInstance(app, clock);
        var key = NewKey();
        await cache.SetAsync(key, Body, CancellationToken.None);
        // Gone from Redis: only the near copy can answer now.
        Assert.That(await Redis.KeyDeleteAsync("solarsync:" + cache.CacheKeyOf(key, cache.Generation!.Value)), Is.True);

        var near = await cache.GetAsync(key, CancellationToken.None);
        clock.Advance(RedisCacheGeneration.RefreshEvery);
        var due = await cache.GetAsync(key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(near.Outcome, Is.EqualTo(CacheOutcome.Hit));
            Assert.That(near.Value, Is.EqualTo(Body));
            Assert.That(due.Outcome, Is.EqualTo(CacheOutcome.Miss), "a lookup with the generation due goes to Redis");
            Assert.That(cache.Stats(), Is.EqualTo(new CacheStats("redis", Hits: 1, Misses: 1, Bypasses: 0, Errors: 0, NearHits: 1)));
        });
    }

    [Test]
    public async Task An_entry_read_from_redis_is_kept_near()
    {
        var writer = AnotherInstance(app);
        var reader = AnotherInstance(app);
        var key = NewKey();
        await writer.SetAsync(key, Body, CancellationToken.None);

        var first = await reader.GetAsync(key, CancellationToken.None);
        await Redis.KeyDeleteAsync("solarsync:" + reader.CacheKeyOf(key, reader.Generation!.Value));
        var second = await reader.GetAsync(key, CancellationToken.None);

        Assert.That((first.Outcome, second.Outcome), Is.EqualTo((CacheOutcome.Hit, CacheOutcome.Hit)));
        Assert.That(reader.Stats().NearHits, Is.EqualTo(1), "the first hit came from Redis, the second from memory");
    }

    [Test]
    public async Task A_clear_here_drops_near_entries_at_once_and_a_clear_elsewhere_once_the_generation_is_re_read()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var here = AnotherInstance(app, clock);
        var elsewhere = AnotherInstance(app);
        var (mine, other) = (NewKey(), NewKey());
        await here.SetAsync(mine, Body, CancellationToken.None);
        await here.ClearAsync(CancellationToken.None);
        var afterOwnClear = await here.GetAsync(mine, CancellationToken.None);

        await here.SetAsync(other, Body, CancellationToken.None);
        await elsewhere.ClearAsync(CancellationToken.None);
        var beforeReRead = await here.GetAsync(other, CancellationToken.None);
        clock.Advance(RedisCacheGeneration.RefreshEvery);
        var afterReRead = await here.GetAsync(other, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(afterOwnClear.Outcome, Is.EqualTo(CacheOutcome.Miss));
            Assert.That(beforeReRead.Outcome, Is.EqualTo(CacheOutcome.Hit), "as without the near copy, a clear elsewhere takes up to RefreshEvery");
            Assert.That(afterReRead.Outcome, Is.EqualTo(CacheOutcome.Miss));
        });
    }
}
