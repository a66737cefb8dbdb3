using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Prediction.Caching;
using SolarSync.Modules.Shared.Monitoring;
using static SolarSync.Tests.Prediction.Caching.ForecastCacheTestKit;

namespace SolarSync.Tests.Prediction.Caching;

/// <summary>Prediction:CacheEnabled = false: every forecast is computed (bench/serve.sh measures that path).</summary>
public sealed class ForecastCacheDisabledTests
{
    [Test]
    public async Task A_disabled_cache_misses_every_lookup_and_stores_nothing()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var store = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var options = new ForecastCacheOptions { CacheEnabled = false };
        var cache = new ForecastCache(store, new MemoryCacheGeneration(), near: null, options, new SolarSyncMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            TimeProvider.System, NullLogger<ForecastCache>.Instance);
        var key = NewKey();

        await cache.SetAsync(key, Body, CancellationToken.None);
        var lookup = await cache.GetAsync(key, CancellationToken.None);

        Assert.That(lookup.Outcome, Is.EqualTo(CacheOutcome.Miss));
        Assert.That(await store.GetAsync(cache.CacheKeyOf(key, 0)), Is.Null);
        Assert.That(cache.Stats(), Is.EqualTo(new CacheStats("memory", Hits: 0, Misses: 1, Bypasses: 0, Errors: 0)));
    }
}
