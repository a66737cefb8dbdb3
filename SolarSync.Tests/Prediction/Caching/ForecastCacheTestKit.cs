using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Prediction.Caching;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;
using StackExchange.Redis;

namespace SolarSync.Tests.Prediction.Caching;

/// <summary>Helpers of the forecast cache tests.</summary>
internal static class ForecastCacheTestKit
{
    public static readonly byte[] Body = "{\"points\":[]}"u8.ToArray();

    /// <summary>A key prefix of its own, so tests never meet the entries or the generation of other runs sharing the Redis.</summary>
    public static string UniquePrefix() => "test-" + Guid.NewGuid().ToString("N")[..12];

    public static ForecastCacheKey NewKey() =>
        new(Random.Shared.NextInt64(1, long.MaxValue), PlantType.Solar, 24, "v-test", new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// A second ForecastCache over the app's cache and Redis, as another API instance (or a restarted one) would have;
    /// on <paramref name="clock"/> when given (its generation re-reads follow that clock).
    /// </summary>
    public static ForecastCache AnotherInstance(SolarSyncApp app, TimeProvider? clock = null)
    {
        var services = app.Services;
        clock ??= TimeProvider.System;
        var options = services.GetRequiredService<IOptions<ForecastCacheOptions>>().Value;
        var generation = new RedisCacheGeneration(services.GetRequiredService<IConnectionMultiplexer>(), options.CacheKeyPrefix, clock);
        return new ForecastCache(services.GetRequiredService<IDistributedCache>(), generation, NearCache.ForRedis(options), options, services.GetRequiredService<SolarSyncMetrics>(),
            clock, NullLogger<ForecastCache>.Instance);
    }

    /// <summary>Sums the measurements of one instrument of the app's meter, by outcome tag.</summary>
    public static MeterListener ListenToOutcomes(SolarSyncApp app, Dictionary<string, long> byOutcome)
    {
        var meter = app.Services.GetRequiredService<SolarSyncMetrics>().Meter;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "solarsync.predictions.cache") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "outcome")
                    lock (byOutcome) byOutcome[(string)tag.Value!] = byOutcome.GetValueOrDefault((string)tag.Value!) + value;
        });
        listener.Start();
        return listener;
    }
}
