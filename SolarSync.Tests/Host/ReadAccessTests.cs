using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// Reads need a reader or admin key (the fallback policy) unless Auth:AnonymousReads is true; health and the API
/// document never need one, and the admin routes keep needing the admin role in both modes.
/// </summary>
public sealed class ReadAccessTests : HostTest
{
    [TestCaseSource(typeof(Reads), nameof(Reads.All))]
    public async Task A_read_without_a_key_is_a_401_problem_with_a_challenge(string method, string path)
    {
        using var anonymous = App.CreateClient(apiKey: null);

        var response = await anonymous.SendAsync(await Reads.RequestAsync(Admin, method, path));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((int?)JsonNode.Parse(body)?["status"], Is.EqualTo(401));
            Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Basic"));
        });
    }

    [TestCaseSource(typeof(Reads), nameof(Reads.All))]
    public async Task A_read_with_a_reader_key_is_answered(string method, string path)
    {
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);

        var response = await reader.SendAsync(await Reads.RequestAsync(Admin, method, path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCaseSource(typeof(Reads), nameof(Reads.All))]
    public async Task A_read_with_an_admin_key_is_answered(string method, string path)
    {
        var response = await Admin.SendAsync(await Reads.RequestAsync(Admin, method, path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_read_with_an_unknown_key_is_401()
    {
        using var stranger = App.CreateClient("not-a-key");
        Assert.That((await stranger.GetAsync("/api/v1/sites")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("GET", "/admin/model/history")]
    [TestCase("GET", "/admin/audit")]
    [TestCase("POST", "/monitoring/cache/clear")]
    public async Task An_admin_endpoint_refuses_a_reader_key(string method, string path)
    {
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);
        var response = await reader.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("/health/live")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/scalar/v1")]
    [TestCase("/signin")]
    public async Task Health_the_api_document_and_the_sign_in_form_need_no_key(string path)
    {
        using var anonymous = App.CreateClient(apiKey: null);
        Assert.That((await anonymous.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}

/// <summary>The same host with Auth:AnonymousReads=true, as the offline demo runs it.</summary>
public sealed class AnonymousReadsTests : HostTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:AnonymousReads"] = "true" };

    [TestCaseSource(typeof(Reads), nameof(Reads.All))]
    public async Task A_read_without_a_key_is_answered(string method, string path)
    {
        using var anonymous = App.CreateClient(apiKey: null);

        var response = await anonymous.SendAsync(await Reads.RequestAsync(Admin, method, path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Admin_endpoints_still_need_the_admin_key()
    {
        using var anonymous = App.CreateClient(apiKey: null);
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);
        var site = new { name = "Open reads PV", type = "solar", latitude = 10, longitude = 10, capacity_kw = 5 };

        Assert.Multiple(async () =>
        {
            Assert.That((await anonymous.PostAsJsonAsync("/api/v1/sites", site)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await reader.PostAsJsonAsync("/api/v1/sites", site)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await reader.GetAsync("/admin/model/history")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task The_console_still_asks_for_a_key()
    {
        using var anonymous = App.CreateClient(apiKey: null);
        var response = await anonymous.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("href=\"/signin\""));
    }

    [Test]
    public async Task The_api_document_says_reads_need_no_key_and_admin_operations_still_do()
    {
        using var anonymous = App.CreateClient(apiKey: null);
        var paths = (await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!["paths"]!;

        Assert.Multiple(() =>
        {
            foreach (var (method, path) in new[] { ("get", "/api/v1/sites"), ("get", "/api/v1/sites/{id}/forecast"), ("post", "/api/v1/forecast/solar") })
            {
                var operation = paths[path]![method]!;
                Assert.That(operation["security"]!.AsArray(), Is.Empty, path);
                Assert.That(operation["responses"]!.AsObject().Select(r => r.Key), Has.None.EqualTo("401"), path);
            }
            Assert.That(paths["/api/v1/sites"]!["post"]!["security"]!.ToJsonString(), Is.EqualTo("""[{"ApiKey":[]}]"""));
        });
    }
}

/// <summary>Every read of the API, on a registered plant with a registered device: each answers 200 when let in.</summary>
internal static class Reads
{
    private const string Device = "read-inv-1";

    public static IEnumerable<TestCaseData> All()
    {
        foreach (var path in new[]
        {
            "/api/v1/sites", "/api/v1/sites/{id}", "/api/v1/sites/{id}/forecast?hours=6",
            "/api/v1/predict/solar?location_lat=39.74&location_lng=-105.18&hours=6",
            "/api/v1/sites/{id}/history", "/api/v1/sites/{id}/performance", "/api/v1/sites/{id}/history.csv",
            "/api/v1/sites/{id}/forecast.csv?hours=6", "/api/v1/sites/{id}/performance.csv",
            "/monitoring/data-quality/report?site_id={id}", "/monitoring/cache/stats",
            "/api/iot/devices", $"/api/iot/devices/{Device}",
        })
        {
            yield return new TestCaseData("GET", path).SetArgDisplayNames("GET " + path);
        }
        yield return new TestCaseData("POST", "/api/v1/forecast/solar").SetArgDisplayNames("POST /api/v1/forecast/solar");
    }

    /// <summary>Registers the plant and its device with the admin client, then builds the read.</summary>
    public static async Task<HttpRequestMessage> RequestAsync(HttpClient admin, string method, string path)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Golden", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var device = await admin.PostAsJsonAsync("/api/iot/devices/register", new { device_id = Device, device_type = "solar_inverter", site_id = id });
        Assert.That(device.StatusCode, Is.EqualTo(HttpStatusCode.Created), await device.Content.ReadAsStringAsync());

        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id.ToString()));
        if (method == "POST") request.Content = JsonContent.Create(new { ghi = 800, temperature = 25, hour = 12, system_capacity_kw = 100 });
        return request;
    }
}
