using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Shared.Monitoring;
using StackExchange.Redis;

namespace SolarSync.Modules.Shared.Caching;

public static class CacheServices
{
    /// <summary>
    /// IDistributedCache: Redis when ConnectionStrings:Redis is set (shared by every API instance, and checked by
    /// /health/ready), in-process memory otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddSolarSyncCache(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddDistributedMemoryCache();
            return builder;
        }

        var redisOptions = ConfigurationOptions.Parse(redis);
        // Start even when Redis is down; the multiplexer keeps retrying in the background.
        redisOptions.AbortOnConnectFail = false;
        redisOptions.ConnectTimeout = 2000;
        redisOptions.SyncTimeout = 1000;
        redisOptions.AsyncTimeout = 1000;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisOptions));
        builder.Services.AddStackExchangeRedisCache(o =>
        {
            o.InstanceName = "solarsync:";
            o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(redisOptions));
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthTags.Ready]);
        return builder;
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:F1} ms.");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"Redis did not answer PING: {e.Message}");
        }
    }
}
