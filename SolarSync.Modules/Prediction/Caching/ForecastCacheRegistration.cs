using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Shared.Monitoring;
using StackExchange.Redis;

namespace SolarSync.Modules.Prediction.Caching;

/// <summary>Wiring of the forecast cache, called from <see cref="PredictionModule"/>.</summary>
internal static class ForecastCacheRegistration
{
    /// <summary>
    /// Registers <see cref="ForecastCache"/> (singleton) over the host's IDistributedCache (AddSolarSyncCache). The
    /// backend is Redis when the host registered a Redis multiplexer (ConnectionStrings:Redis set), memory otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddForecastCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForecastCacheOptions>().BindConfiguration(ForecastCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // A singleton of its own, so the container disposes it; null (not registered) when turned off.
        builder.Services.AddSingleton(sp => NearCache.ForRedis(sp.GetRequiredService<IOptions<ForecastCacheOptions>>().Value)!);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ForecastCacheOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            var redis = sp.GetService<IConnectionMultiplexer>();
            ICacheGeneration generation = redis is null ? new MemoryCacheGeneration() : new RedisCacheGeneration(redis, options.CacheKeyPrefix, clock);
            // The memory backend is in process already: a near copy of it would only hold everything twice.
            var near = redis is null ? null : sp.GetService<NearCache>();
            return new ForecastCache(sp.GetRequiredService<IDistributedCache>(), generation, near, options, sp.GetRequiredService<SolarSyncMetrics>(),
                clock, sp.GetRequiredService<ILogger<ForecastCache>>());
        });
        return builder;
    }

    /// <summary>GET /monitoring/cache/stats (public, rate-limited like the other monitoring reads) and POST /monitoring/cache/clear (admin).</summary>
    public static IEndpointRouteBuilder MapCacheEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGetCacheStats();
        app.MapClearCache();
        return app;
    }
}
