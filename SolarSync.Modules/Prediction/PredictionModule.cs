using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Prediction.Api;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Caching;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Prediction.Experiments;
using SolarSync.Modules.Prediction.ExportCsv;
using SolarSync.Modules.Prediction.Forecasting;
using SolarSync.Modules.Prediction.GetHistory;

namespace SolarSync.Modules.Prediction;

/// <summary>Forecast serving, intervals, cache and forecast archive.</summary>
public static class PredictionModule
{
    public static IHostApplicationBuilder AddPredictionModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PredictionOptions>().BindConfiguration(PredictionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<PredictionMetrics>();
        builder.Services.AddSingleton<SiteLocator>();
        builder.Services.AddSingleton<ForecastService>();
        builder.Services.AddSingleton<ForecastServer>();
        builder.Services.AddSingleton<ISiteForecasts, SiteForecasts>();
        builder.Services.AddSingleton<ISiteHistory, SiteHistory>();
        builder.Services.AddSingleton<IValidator<NowcastRequest>, NowcastRequestValidator>();
        builder.Services.AddSingleton<ExperimentStore>();
        builder.Services.AddSingleton<ExperimentPairs>();
        builder.Services.AddSingleton<ExperimentJudge>();
        builder.Services.AddSingleton<ExperimentRouter>();
        builder.Services.AddSingleton<IExperiments, ExperimentStarter>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IValidator<StartExperimentRequest>, StartExperimentRequestValidator>();
        builder.AddForecastCache();
        builder.AddForecastArchive();
        return builder;
    }

    /// <summary>
    /// Public forecast, history and performance endpoints and their CSV exports (rate-limited by the given policy, the
    /// GETs open to the CORS origins of the public read API), GET /monitoring/cache/stats and POST
    /// /monitoring/cache/clear (admin), and the champion/challenger experiments under /admin/experiments (admin).
    /// </summary>
    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app, string rateLimitPolicy)
    {
        app.MapForecasts(rateLimitPolicy);
        app.MapNowcast(rateLimitPolicy);
        app.MapCacheEndpoints();
        app.MapPerformanceEndpoints();
        app.MapGetHistory(rateLimitPolicy);
        app.MapCsvExports(rateLimitPolicy);
        app.MapExperiments();
        return app;
    }

    /// <summary>prediction:evaluate-daily, cron from Prediction:EvaluateDailyCron.</summary>
    public static void SchedulePredictionJobs(this IRecurringJobManager jobs, IServiceProvider services) =>
        jobs.ScheduleForecastEvaluation(services);
}
