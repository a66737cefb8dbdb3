using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Monitoring.Console.Layout;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Monitoring.Console.SitePage;

internal static class SitePageEndpoint
{
    public static void MapSitePage(this IEndpointRouteBuilder console) => console.MapGet("/sites/{id:long}", RenderAsync);

    internal static async Task<IResult> RenderAsync(long id, ISiteDirectory sites, SitePageData data, CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        if (await sites.FindAsync(id, ct) is not { } site)
        {
            var missing = new Html().Add($"""
                <section class="notice"><h1>No such plant</h1><p>No plant has id {id}. <a href="/">Back to the overview</a>.</p></section>
                """);
            return new HtmlPage("Plant not found", missing.ToMarkup()) { StatusCode = StatusCodes.Status404NotFound, Elapsed = elapsed };
        }

        var model = await data.LoadAsync(site, ct);
        return new HtmlPage(site.Name, SitePageView.Render(model)) { Head = SitePageView.Head, Elapsed = elapsed };
    }
}
