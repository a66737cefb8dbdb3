using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Monitoring.Audit;
using SolarSync.Modules.Monitoring.Console;
using SolarSync.Modules.Monitoring.Contracts;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Monitoring;

/// <summary>Metrics (the one SolarSync meter), the operator console and the audit log of admin actions.</summary>
public static class MonitoringModule
{
    public static IHostApplicationBuilder AddMonitoringModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SolarSyncMetrics>();
        builder.Services.AddConsole();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
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
}
