using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Monitoring.Console.Layout;
using SolarSync.Modules.Monitoring.Console.Overview;
using SolarSync.Modules.Monitoring.Console.SignIn;
using SolarSync.Modules.Monitoring.Console.SitePage;

namespace SolarSync.Modules.Monitoring.Console;

/// <summary>The read-only operator console: server-rendered pages behind a reader or admin key, and its sign-in.</summary>
internal static class ConsoleEndpoints
{
    public static void AddConsole(this IServiceCollection services)
    {
        services.AddTransient<OverviewData>();
        services.AddTransient<SitePageData>();
    }

    public static void MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").ExcludeFromDescription().MapSignIn();
        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(ConsoleAccess.RequireReaderAsync);
        pages.MapOverview();
        pages.MapSitePage();
    }
}
