using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Training.Admin;
using SolarSync.Modules.Training.Evaluate;
using SolarSync.Modules.Training.Families;
using SolarSync.Modules.Training.Retrain;

namespace SolarSync.Modules.Training;

/// <summary>Training new model versions (every family, on the same split), evaluation against baselines, retrain jobs.</summary>
public static class TrainingModule
{
    public static IHostApplicationBuilder AddTrainingModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TrainingRunRepository>();
        builder.Services.AddTransient<RetrainPipeline>();
        builder.Services.AddTransient<RetrainJob>();
        builder.Services.AddHostedService<FailInterruptedRunsAtStartup>();
        builder.Services.AddHostedService<TrainMissingModelsAtStartup>();
        return builder;
    }

    /// <summary>Admin endpoints: retrain and retrain status.</summary>
    public static IEndpointRouteBuilder MapTrainingEndpoints(this IEndpointRouteBuilder app, string adminPolicy)
    {
        var admin = app.MapGroup("/admin").WithTags("Models").RequireAuthorization(adminPolicy);
        admin.MapRetrain();
        return app;
    }

    /// <summary>training:retrain-weekly on the training queue, cron from Training:WeeklyCron (default Sundays 02:00 UTC).</summary>
    public static void ScheduleTrainingJobs(this IRecurringJobManager jobs, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TrainingOptions>>().Value;
        jobs.AddOrUpdate<RetrainJob>(RetrainJob.WeeklyId, JobQueues.Training, j => j.RunWeeklyAsync(null, CancellationToken.None), options.WeeklyCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }

    /// <summary>The <c>evaluate</c> command (no database): needs only the Features module's services.</summary>
    public static Task<int> RunEvaluateCommandAsync(IServiceProvider services, string[] args, CancellationToken ct) =>
        EvaluateCommand.RunAsync(args, services.GetRequiredService<IFeatureBuilder>(), FamilyTrainers.All(), Console.Out, Console.Error, ct);
}
