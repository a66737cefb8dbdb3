using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SolarSync.Modules.Monitoring.Alerts.Data;
using SolarSync.Modules.Monitoring.Alerts.Delivery;
using SolarSync.Modules.Monitoring.Alerts.EvaluateAlerts;
using SolarSync.Modules.Monitoring.Alerts.GetAlerts;
using SolarSync.Modules.Monitoring.Alerts.Rules;
using SolarSync.Modules.Shared.Jobs;

namespace SolarSync.Modules.Monitoring.Alerts;

/// <summary>The alerts: options, rules, state, webhook delivery, GET /admin/alerts and monitoring:evaluate-alerts.</summary>
internal static class AlertsRegistration
{
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertsOptions>().BindConfiguration(AlertsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<AlertDeliveries>();
        builder.Services.AddSingleton<AlertMetrics>();
        builder.Services.AddHostedService<AlertGaugeRefresh>();
        builder.Services.AddSingleton<IAlertRule, ForecastDriftAlert>();
        builder.Services.AddSingleton<IAlertRule, DataQualityAlert>();
        builder.Services.AddSingleton<IAlertRule, CollectionFailedAlert>();
        builder.Services.AddSingleton<IAlertRule, RetrainFailedAlert>();
        builder.Services.AddSingleton<IAlertRule, ModelRegistryAlert>();
        builder.Services.AddSingleton<IAlertRule, DeviceOfflineAlert>();
        builder.Services.AddSingleton<IAlertRule, ModelStoreDiskAlert>();
        builder.Services.AddTransient<WebhookSender>();
        builder.Services.AddTransient<EvaluateAlertsJob>();

        // The standard pipeline as the weather sources use it (total timeout → retry → circuit breaker → attempt
        // timeout), sized from the options; transient answers (408, 429, 5xx, connection errors, attempt timeouts) are
        // retried with exponential backoff and jitter. One pipeline per webhook host, so one dead receiver does not
        // open the circuit of another.
        builder.Services.AddHttpClient(WebhookSender.ClientName, (sp, http) =>
            {
                http.Timeout = sp.GetRequiredService<IOptions<AlertsOptions>>().Value.TotalTimeout + TimeSpan.FromSeconds(1);
                http.DefaultRequestHeaders.UserAgent.ParseAdd("SolarSync-Alerts/1.0");
            })
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = sp.GetRequiredService<IOptions<AlertsOptions>>().Value;
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                resilience.Retry.MaxRetryAttempts = options.DeliveryRetries;
                resilience.Retry.Delay = options.RetryBaseDelay;
                resilience.Retry.MaxDelay = TimeSpan.FromSeconds(30);
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
                // The breaker's window must hold two attempt timeouts (the options validation of the standard handler).
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, 2 * options.AttemptTimeoutSeconds + 1));
            })
            .SelectPipelineByAuthority();
        return builder;
    }

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app, string adminPolicy)
    {
        app.MapGetAlerts(adminPolicy);
        return app;
    }

    /// <summary>monitoring:evaluate-alerts on the default queue, cron from Alerts:EvaluateCron (UTC).</summary>
    public static void ScheduleAlerts(this IRecurringJobManager jobs, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AlertsOptions>>().Value;
        jobs.AddOrUpdate<EvaluateAlertsJob>(EvaluateAlertsJob.Id, JobQueues.Default, j => j.RunAsync(CancellationToken.None),
            options.EvaluateCron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }
}
