using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Prediction.EvaluateForecasts;
using SolarSync.Modules.Prediction.Intervals;
using SolarSync.Modules.Prediction.Performance;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Modules.Prediction.Archive;

/// <summary>
/// The forecast archive, realized accuracy, the adaptive interval widths and their daily evaluation: services, the
/// performance endpoint and the prediction:evaluate-daily job. Called from <see cref="PredictionModule"/>.
/// </summary>
public static class ForecastArchiveRegistration
{
    public static IHostApplicationBuilder AddForecastArchive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForecastEvaluationOptions>().BindConfiguration(ForecastEvaluationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ForecastArchive>();
        builder.Services.AddSingleton<ArchivedThisHour>();
        builder.Services.AddSingleton<RealizedAccuracyReader>();
        builder.Services.AddSingleton<ISitePerformance, SitePerformance>();
        builder.Services.AddSingleton<ForecastAccuracyRepository>();
        builder.Services.AddSingleton<ForecastEvaluationMetrics>();
        builder.Services.AddSingleton<IForecastDrift, ForecastDrift>();
        builder.Services.AddSingleton<IntervalWidthRepository>();
        builder.Services.AddSingleton<LiveIntervalWidths>();
        builder.Services.AddTransient<EvaluateForecastsJob>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPerformanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGetPerformance(AuthorizationPolicies.PublicRateLimit);
        return app;
    }

    /// <summary>prediction:evaluate-daily on the default queue, cron from Prediction:EvaluateDailyCron (UTC).</summary>
    public static void ScheduleForecastEvaluation(this IRecurringJobManager jobs, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ForecastEvaluationOptions>>().Value;
        jobs.AddOrUpdate<EvaluateForecastsJob>(EvaluateForecastsJob.Id, JobQueues.Default, j => j.RunAsync(CancellationToken.None),
            options.EvaluateDailyCron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }
}
