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
        app.MapGroup("").ExcludeFromDescription().AllowAnonymous().MapSignIn();
        // The pages check the key themselves, in both Auth:AnonymousReads modes: without one a browser gets a page that
        // links to the sign-in form, where the host's policy would answer a bare 401 problem.
        var pages = app.MapGroup("").ExcludeFromDescription().AllowAnonymous().AddEndpointFilter(ConsoleAccess.RequireReaderAsync);
        pages.MapOverview();
        pages.MapSitePage();
    }
}
