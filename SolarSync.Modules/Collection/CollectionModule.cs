using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.CollectForecasts;
using SolarSync.Modules.Collection.CollectHistory;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Collection.ImportObservations;
using SolarSync.Modules.Collection.IngestObservations;
using SolarSync.Modules.Collection.Sources;
using SolarSync.Modules.Collection.Sources.NasaPower;
using SolarSync.Modules.Collection.Sources.OpenMeteo;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Modules.Collection;

/// <summary>Weather history and forecasts, CSV imports and the simulated plant.</summary>
public static class CollectionModule
{
    public static IHostApplicationBuilder AddCollectionModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CollectionOptions>().BindConfiguration(CollectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddWeatherSources();
        builder.Services.AddSingleton<CollectionMetrics>();
        builder.Services.AddSingleton<ObservationRepository>();
        builder.Services.AddSingleton<WeatherForecastRepository>();
        builder.Services.AddSingleton<IWeatherForecasts>(sp => sp.GetRequiredService<WeatherForecastRepository>());
        builder.Services.AddSingleton<IObservationHistory, ObservationHistory>();
        builder.Services.AddSingleton<CollectionRunRepository>();
        builder.Services.AddSingleton<ICollectionRuns, CollectionRunReader>();
        builder.Services.AddSingleton<ObservationIngestor>();
        builder.Services.AddSingleton<IObservationIngest, ObservationIngest>();
        builder.Services.AddSingleton<ISimulatedPlant, SimulatedPlant>();
        builder.Services.AddSingleton<ObservationImporter>();
        builder.Services.AddTransient<IHistorySource, NasaPowerHistorySource>();
        builder.Services.AddTransient<IForecastSource, OpenMeteoForecastSource>();
        builder.Services.AddTransient<CollectHistoryJob>();
        builder.Services.AddTransient<CollectForecastsJob>();
        builder.Services.AddHostedService<StartupBackfill>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCollectionEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<CollectionOptions>>().Value;
        app.MapImport(AuthorizationPolicies.Admin, options.MaxImportMegabytes * 1024L * 1024L);
        return app;
    }

    /// <summary>collection:forecasts (hourly) and collection:history (daily), cron strings from Collection options.</summary>
    public static void ScheduleCollectionJobs(this IRecurringJobManager jobs, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CollectionOptions>>().Value;
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<CollectForecastsJob>(CollectForecastsJob.Id, JobQueues.Default, j => j.RunAsync(CancellationToken.None), options.ForecastsCron, utc);
        jobs.AddOrUpdate<CollectHistoryJob>(CollectHistoryJob.Id, JobQueues.Default, j => j.RunAsync(null, CancellationToken.None), options.HistoryCron, utc);
    }

    /// <summary>The <c>import</c> host command; returns the process exit code.</summary>
    public static Task<int> RunImportCommandAsync(IServiceProvider services, string[] args, CancellationToken ct) =>
        ImportCommand.RunAsync(services, args, Console.Out, ct);

    /// <summary>With Collection:BackfillAtStartup, queues history and forecast runs as soon as the host is up.</summary>
    private sealed class StartupBackfill(IOptions<CollectionOptions> options, IBackgroundJobClient jobs) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.BackfillAtStartup) return Task.CompletedTask;
            var historyJob = jobs.Enqueue<CollectHistoryJob>(JobQueues.Default, j => j.RunAsync(null, CancellationToken.None));
            // Also after a failed history run: one unreachable source must not keep every site without a weather forecast.
            jobs.ContinueJobWith<CollectForecastsJob>(historyJob, j => j.RunAsync(CancellationToken.None),
                new EnqueuedState(JobQueues.Default), JobContinuationOptions.OnAnyFinishedState);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
