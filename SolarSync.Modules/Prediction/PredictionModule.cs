using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Prediction.Archive;

namespace SolarSync.Modules.Prediction;

/// <summary>Forecast serving, intervals, cache and forecast archive.</summary>
public static class PredictionModule
{
    public static IHostApplicationBuilder AddPredictionModule(this IHostApplicationBuilder builder)
    {
        // Forecast archive and realized accuracy.
        builder.AddForecastArchive();
        return builder;
    }

    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        // Forecast archive and realized accuracy.
        app.MapPerformanceEndpoints();
        return app;
    }

    /// <summary>prediction:evaluate-daily, cron strings from the Prediction options.</summary>
    public static void SchedulePredictionJobs(this IRecurringJobManager jobs, IServiceProvider services)
    {
        // Forecast archive and realized accuracy.
        jobs.ScheduleForecastEvaluation(services);
    }
}
