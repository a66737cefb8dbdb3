using Hangfire;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Monitoring.Alerts;
using SolarSync.Modules.Monitoring.Audit;
using SolarSync.Modules.Monitoring.Console;
using SolarSync.Modules.Monitoring.Contracts;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Monitoring;

/// <summary>Metrics (the one SolarSync meter), the operator console, the audit log of admin actions and the alerts.</summary>
public static class MonitoringModule
{
    public static IHostApplicationBuilder AddMonitoringModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SolarSyncMetrics>();
        builder.Services.AddConsole();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        builder.AddAlerts();
        return builder;
    }

    /// <summary>The console's pages (/ and /sites/{id}, reader or admin key) and /signin, /signout.</summary>
    public static IEndpointRouteBuilder MapMonitoringConsole(this IEndpointRouteBuilder app)
    {
        app.MapConsole();
        return app;
    }

    /// <summary>GET /admin/audit: the recorded admin actions, newest first.</summary>
    public static IEndpointRouteBuilder MapMonitoringAudit(this IEndpointRouteBuilder app, string adminPolicy)
    {
        app.MapAudit(adminPolicy);
        return app;
    }

    /// <summary>GET /admin/alerts: active alerts, then recently resolved ones and events.</summary>
    public static IEndpointRouteBuilder MapMonitoringAlerts(this IEndpointRouteBuilder app, string adminPolicy)
    {
        app.MapAlerts(adminPolicy);
        return app;
    }

    /// <summary>monitoring:evaluate-alerts, cron from Alerts:EvaluateCron.</summary>
    public static void ScheduleMonitoringJobs(this IRecurringJobManager jobs, IServiceProvider services) =>
        jobs.ScheduleAlerts(services);
}
