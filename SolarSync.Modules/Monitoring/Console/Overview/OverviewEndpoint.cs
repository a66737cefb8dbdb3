using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Monitoring.Console.Layout;

namespace SolarSync.Modules.Monitoring.Console.Overview;

internal static class OverviewEndpoint
{
    public static void MapOverview(this IEndpointRouteBuilder console) => console.MapGet("/", RenderAsync);

    internal static async Task<IResult> RenderAsync(OverviewData data, CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        var model = await data.LoadAsync(ct);
        return new HtmlPage("Overview", OverviewView.Render(model)) { Elapsed = elapsed };
    }
}
