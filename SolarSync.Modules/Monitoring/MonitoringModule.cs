using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Monitoring.Console;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Monitoring;

/// <summary>Metrics (the one SolarSync meter) and the operator console.</summary>
public static class MonitoringModule
{
    public static IHostApplicationBuilder AddMonitoringModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SolarSyncMetrics>();
        builder.Services.AddConsole();
        return builder;
    }

    /// <summary>The console's pages (/ and /sites/{id}, reader or admin key) and /signin, /signout.</summary>
    public static IEndpointRouteBuilder MapMonitoringConsole(this IEndpointRouteBuilder app)
    {
        app.MapConsole();
        return app;
    }
}
