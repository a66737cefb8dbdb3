using System.Net;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// X-Forwarded-For is believed only from the proxies of Http:KnownProxies: otherwise a client could pick the address
/// its rate limit goes by. On Kestrel, so the peer is a real loopback connection (which the framework trusts by default).
/// Anonymous reads are allowed here: a client without a key is the one limited by its address.
/// </summary>
[NonParallelizable]
public sealed class ForwardedHeadersTests
{
    private const string Limit = "2";

    [Test]
    public async Task Without_known_proxies_x_forwarded_for_does_not_change_the_address_the_rate_limiter_sees()
    {
        await using var app = await SolarSyncApp.StartOnKestrelAsync(new Dictionary<string, string?>
        {
            ["RateLimiting:PermitLimit"] = Limit,
            ["Auth:AnonymousReads"] = "true",
        });
        using var client = app.CreateClient(apiKey: null);

        var statuses = new List<HttpStatusCode>();
        foreach (var forwardedFor in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" })
            statuses.Add(await GetSitesAsync(client, forwardedFor));

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }),
            "every request counts against the connection's own address");
    }

    [Test]
    public async Task A_known_proxy_forwards_the_client_address_the_rate_limiter_goes_by()
    {
        await using var app = await SolarSyncApp.StartOnKestrelAsync(new Dictionary<string, string?>
        {
            ["RateLimiting:PermitLimit"] = Limit,
            ["Auth:AnonymousReads"] = "true",
            ["Http:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = app.CreateClient(apiKey: null);

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) first.Add(await GetSitesAsync(client, "203.0.113.1"));
        var second = await GetSitesAsync(client, "203.0.113.2");

        Assert.That(first, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(second, Is.EqualTo(HttpStatusCode.OK), "another client behind the same proxy has a limit of its own");
    }

    private static async Task<HttpStatusCode> GetSitesAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sites") { Headers = { { "X-Forwarded-For", forwardedFor } } };
        return (await client.SendAsync(request)).StatusCode;
    }
}
