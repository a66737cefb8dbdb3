using System.Net;
using System.Net.Http.Json;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// Browsers of the origins in Http:CorsOrigins may read the public read API, and no others. The browser sends the
/// reader key in X-Api-Key, so its GET is preflighted; a preflight carries no key and must be answered all the same.
/// </summary>
public sealed class CorsTests : HostTest
{
    private const string Allowed = "https://console.example.com";
    private const string Other = "https://elsewhere.example.org";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Http:CorsOrigins:0"] = Allowed };

    private static IEnumerable<string> PublicReads()
    {
        yield return "/api/v1/sites";
        yield return "/api/v1/sites/{id}";
        yield return "/api/v1/sites/{id}/forecast";
        yield return "/api/v1/sites/{id}/history";
        yield return "/api/v1/sites/{id}/performance";
        yield return "/api/v1/sites/{id}/history.csv";
        yield return "/api/v1/sites/{id}/forecast.csv";
        yield return "/api/v1/sites/{id}/performance.csv";
        yield return "/api/v1/predict/solar?location_lat=39.74&location_lng=-105.18";
    }

    [TestCaseSource(nameof(PublicReads))]
    public async Task A_preflight_and_a_get_from_a_listed_origin_are_allowed_and_from_another_origin_are_not(string path)
    {
        var url = path.Replace("{id}", (await CreateSiteAsync()).ToString());
        using var anonymous = App.CreateClient(apiKey: null);
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);

        var preflight = await anonymous.SendAsync(Preflight(url, Allowed, "GET"));
        var otherPreflight = await anonymous.SendAsync(Preflight(url, Other, "GET"));
        var get = await reader.SendAsync(Get(url, Allowed));
        var otherGet = await reader.SendAsync(Get(url, Other));

        Assert.Multiple(() =>
        {
            Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(AllowOrigin(preflight), Is.EqualTo(Allowed));
            Assert.That(preflight.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain("GET"));
            Assert.That(preflight.Headers.Contains("Access-Control-Allow-Credentials"), Is.False);
            Assert.That(AllowOrigin(otherPreflight), Is.Null);
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(AllowOrigin(get), Is.EqualTo(Allowed));
            Assert.That(otherGet.StatusCode, Is.EqualTo(HttpStatusCode.OK), "CORS only tells the browser; the server still answers");
            Assert.That(AllowOrigin(otherGet), Is.Null);
        });
    }

    [Test]
    public async Task Writes_and_admin_routes_are_not_open_to_other_origins()
    {
        using var anonymous = App.CreateClient(apiKey: null);
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);

        var createSite = await anonymous.SendAsync(Preflight("/api/v1/sites", Allowed, "POST"));
        var cacheStats = await reader.SendAsync(Get("/monitoring/cache/stats", Allowed));

        Assert.Multiple(() =>
        {
            Assert.That(AllowOrigin(createSite), Is.Null);
            Assert.That(AllowOrigin(cacheStats), Is.Null);
        });
    }

    private async Task<long> CreateSiteAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/sites", new { name = "Golden", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<long>();
    }

    private static HttpRequestMessage Preflight(string url, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
        return request;
    }

    private static HttpRequestMessage Get(string url, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
}
