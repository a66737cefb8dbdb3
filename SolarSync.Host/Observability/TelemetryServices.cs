using OpenTelemetry.Metrics;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Host.Observability;

internal static class TelemetryServices
{
    /// <summary>Prometheus metrics: the SolarSync meter plus ASP.NET Core, HttpClient, runtime and Npgsql.</summary>
    public static IHostApplicationBuilder AddSolarSyncTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SolarSyncMetrics.MeterName, "Npgsql")
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }
}
