using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Modules.Devices.PublishForecasts;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.DemoDevices;

/// <summary>
/// With Devices:SeedDemoDevices, registers one device per demo plant (<c>demo-solar-1</c>, <c>demo-wind-2</c> …) and
/// queues a forecast publication, so a fresh demo has devices to publish telemetry for and forecasts to receive at once.
/// Runs after the Sites module has seeded the demo plants.
/// </summary>
internal sealed class DemoDeviceSeeder(
    IOptions<DevicesOptions> options, ISiteDirectory sites, DeviceRepository devices, DeviceDirectory directory,
    IBackgroundJobClient jobs, ILogger<DemoDeviceSeeder> logger) : IHostedService
{
    public static string DeviceIdOf(Site site) => $"demo-{site.Type.ToDbName()}-{site.Id}";

    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.SeedDemoDevices) return;
        foreach (var site in (await sites.ListAsync(null, ct)).Where(s => s.IsDemo))
        {
            var type = site.Type switch { PlantType.Solar => DeviceType.SolarInverter, PlantType.Wind => DeviceType.WindTurbine, _ => DeviceType.Meter };
            if (await devices.TryAddAsync(DeviceIdOf(site), type, site.Id, ct) is { } added)
                logger.LogInformation("Registered demo device {DeviceId} at site {SiteId}", added.DeviceId, site.Id);
        }
        directory.Invalidate();
        jobs.Enqueue<PublishForecastsJob>(JobQueues.Default, j => j.RunAsync(CancellationToken.None));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
