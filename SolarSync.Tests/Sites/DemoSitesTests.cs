using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Sites;

[NonParallelizable]
public sealed class DemoSitesTests
{
    private static readonly Dictionary<string, string?> WithDemo = new() { ["Sites:SeedDemoSites"] = "true" };

    [Test]
    public async Task The_demo_sites_are_registered_once_however_often_the_host_starts()
    {
        await using (var first = await SolarSyncApp.StartAsync(WithDemo))
            await first.ResetAsync();

        JsonArray sites;
        await using (var second = await SolarSyncApp.StartAsync(WithDemo))
        await using (var third = await SolarSyncApp.StartAsync(WithDemo))
            sites = (await third.CreateClient(SolarSyncApp.ReaderKey).GetFromJsonAsync<JsonArray>("/api/v1/sites"))!;

        Assert.Multiple(() =>
        {
            Assert.That(sites.Select(s => s!["type"]!.GetValue<string>()), Is.EquivalentTo(new[] { "solar", "wind", "load" }));
            Assert.That(sites.Select(s => s!["is_demo"]!.GetValue<bool>()), Is.All.True);
        });
    }
}
