using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Prediction.Caching;

namespace SolarSync.Modules.Prediction;

/// <summary>Forecast serving, intervals, cache and forecast archive.</summary>
public static class PredictionModule
{
    public static IHostApplicationBuilder AddPredictionModule(this IHostApplicationBuilder builder)
    {
        // Forecast cache (Caching/): ForecastCache over the host's IDistributedCache.
        builder.AddForecastCache();
        return builder;
    }

    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        // Forecast cache (Caching/): GET /monitoring/cache/stats, POST /monitoring/cache/clear.
        app.MapCacheEndpoints();
        return app;
    }
}
