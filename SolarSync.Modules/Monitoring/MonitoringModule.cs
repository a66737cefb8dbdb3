using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Monitoring;

/// <summary>Metrics (the one SolarSync meter) and the data-quality and performance reports.</summary>
public static class MonitoringModule
{
    public static IHostApplicationBuilder AddMonitoringModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SolarSyncMetrics>();
        return builder;
    }
}
