using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Devices.Contracts;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Devices.DemoDevices;
using SolarSync.Modules.Devices.IngestTelemetry;
using SolarSync.Modules.Devices.PublishForecasts;
using SolarSync.Modules.Devices.RegisterDevice;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Modules.Devices;

/// <summary>Plant devices: the registry, telemetry in over MQTT (stored, hourly means) and forecasts out.</summary>
public static class DevicesModule
{
    public static IHostApplicationBuilder AddDevicesModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DevicesOptions>().BindConfiguration(DevicesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DeviceRepository>();
        builder.Services.AddSingleton<DeviceDirectory>();
        builder.Services.AddSingleton<IDeviceSummary, DeviceSummary>();
        builder.Services.AddSingleton<ReadingRepository>();
        builder.Services.AddSingleton<PendingHourRepository>();
        builder.Services.AddSingleton<DevicesMetrics>();
        builder.Services.AddSingleton<TelemetryClassifier>();
        builder.Services.AddSingleton<IValidator<RegisterDeviceRequest>, RegisterDeviceValidator>();
        builder.Services.AddTransient<PublishForecastsJob>();
        builder.Services.AddHostedService<DemoDeviceSeeder>();

        // The embedded broker (when configured) starts before the client that connects to it.
        builder.Services.AddSingleton<EmbeddedBroker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        builder.Services.AddSingleton<MqttConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());
        builder.Services.AddSingleton<TelemetryWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryWriter>());
        builder.Services.AddSingleton<HourlyRollup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HourlyRollup>());

        var mqtt = builder.Configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        if (mqtt.Enabled)
            builder.Services.AddHealthChecks().AddCheck<MqttHealthCheck>("mqtt", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>The device registry under /api/iot/devices (registering and deleting need the admin role).</summary>
    public static IEndpointRouteBuilder MapDevicesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/iot/devices").WithTags("Devices").RequireRateLimiting(AuthorizationPolicies.PublicRateLimit);
        group.MapDeviceRegistry();
        return app;
    }

    /// <summary>devices:publish-forecasts, cron from Devices:PublishForecastsCron.</summary>
    public static void ScheduleDevicesJobs(this IRecurringJobManager jobs, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DevicesOptions>>().Value;
        jobs.AddOrUpdate<PublishForecastsJob>(PublishForecastsJob.Id, JobQueues.Default, j => j.RunAsync(CancellationToken.None),
            options.PublishForecastsCron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }

    /// <summary>The <c>demo-telemetry</c> host command; returns the process exit code.</summary>
    public static Task<int> RunDemoTelemetryCommandAsync(IServiceProvider services, string[] args, CancellationToken ct) =>
        DemoTelemetryCommand.RunAsync(services, args, Console.Out, ct);
}
