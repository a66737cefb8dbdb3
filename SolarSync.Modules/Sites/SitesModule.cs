using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Sites.CreateSite;
using SolarSync.Modules.Sites.Data;
using SolarSync.Modules.Sites.DeleteSite;
using SolarSync.Modules.Sites.GetSites;
using SolarSync.Modules.Sites.SeedDemoSites;

namespace SolarSync.Modules.Sites;

/// <summary>Plants: registration, look-up, and the demo sites of an offline install.</summary>
public static class SitesModule
{
    public static IHostApplicationBuilder AddSitesModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SitesOptions>().BindConfiguration(SitesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SiteRepository>();
        builder.Services.AddSingleton<ISiteDirectory>(sp => sp.GetRequiredService<SiteRepository>());
        builder.Services.AddSingleton<ISiteRegistration>(sp => sp.GetRequiredService<SiteRepository>());
        builder.Services.AddSingleton<IValidator<CreateSiteRequest>, CreateSiteValidator>();
        builder.Services.AddHostedService<DemoSiteSeeder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSitesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sites").WithTags("Sites").RequireRateLimiting(AuthorizationPolicies.PublicRateLimit);
        group.MapGetSites();
        group.MapCreateSite();
        group.MapDeleteSite();
        return app;
    }
}
