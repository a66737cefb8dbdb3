using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Modules.Prediction.Caching;

/// <summary>The response of a clear: the generation now in use (every earlier entry is orphaned).</summary>
internal sealed record CacheCleared(string Backend, long Generation);

internal static class CacheEndpoints
{
    public static void MapGetCacheStats(this IEndpointRouteBuilder app) =>
        app.MapGet("/monitoring/cache/stats", GetStats)
            .WithTags("Monitoring")
            .WithName("GetCacheStats")
            .WithSummary("Forecast cache hits, misses, bypasses and errors of this instance since it started, with the hit rate and backend.")
            .WithDescription("hit_rate is hits over all lookups (bypasses included), 0 before the first lookup. backend is \"redis\" or \"memory\". "
                + "A bypass is a forecast served without the cache because it failed, timed out or is skipped for a few seconds after a failure.")
            .RequireRateLimiting(AuthorizationPolicies.PublicRateLimit);

    public static void MapClearCache(this IEndpointRouteBuilder app) =>
        app.MapPost("/monitoring/cache/clear", ClearAsync)
            .WithTags("Monitoring")
            .WithName("ClearCache")
            .WithSummary("Drops every cached forecast (admin); returns the new cache generation.")
            .WithDescription("Every cache key carries a generation; a clear starts a new one, so older entries are never served again and expire by TTL. "
                + "With Redis the clear reaches the other API instances within a few seconds. 503 when the cache cannot be reached (nothing was cleared).")
            .RequireAuthorization(AuthorizationPolicies.Admin);

    internal static Ok<CacheStats> GetStats(ForecastCache cache) => TypedResults.Ok(cache.Stats());

    internal static async Task<Results<Ok<CacheCleared>, ProblemHttpResult>> ClearAsync(ForecastCache cache, CancellationToken ct) =>
        await cache.ClearAsync(ct) is { } generation
            ? TypedResults.Ok(new CacheCleared(cache.Backend, generation))
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cache could not be cleared.",
                detail: $"The {cache.Backend} cache did not answer; nothing was cleared. Retry when it is back.");
}
