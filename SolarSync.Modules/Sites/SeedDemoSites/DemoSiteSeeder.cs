using FluentValidation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Sites.CreateSite;
using SolarSync.Modules.Sites.Data;

namespace SolarSync.Modules.Sites.SeedDemoSites;

/// <summary>Registers the configured demo sites once; existing names are left alone, so restarts are harmless.</summary>
internal sealed class DemoSiteSeeder(
    IOptions<SitesOptions> options, IValidator<CreateSiteRequest> validator, SiteRepository sites, ILogger<DemoSiteSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.SeedDemoSites) return;
        foreach (var demo in options.Value.DemoSites)
        {
            await validator.ValidateAndThrowAsync(demo, ct);
            var added = await sites.TryAddAsync(CreateSiteEndpoint.ToNewSite(demo, isDemo: true), ct);
            if (added is not null) logger.LogInformation("Registered demo site {Name} ({Type}) as {Id}", added.Name, added.Type, added.Id);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
