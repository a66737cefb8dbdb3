using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// Body limits as Kestrel enforces them (a real listener; the in-memory test server has none): JSON endpoints take at
/// most Kestrel:Limits:MaxRequestBodySize (1 MiB), the import its own documented limit.
/// </summary>
[NonParallelizable]
public sealed class RequestSizeLimitTests
{
    private SolarSyncApp app = null!;
    private HttpClient admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        app = await SolarSyncApp.StartOnKestrelAsync();
        await app.ResetAsync();
        admin = new HttpClient { BaseAddress = app.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-Api-Key", SolarSyncApp.AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        admin.Dispose();
        await app.DisposeAsync();
    }

    [TestCase("/api/v1/sites")]
    [TestCase("/api/v1/forecast/solar")]
    [TestCase("/api/iot/devices/register")]
    public async Task A_json_body_over_the_limit_is_a_413_problem(string path)
    {
        var padding = new string('x', 2 * 1024 * 1024);
        var body = new StringContent($"{{\"name\":\"{padding}\"}}", Encoding.UTF8, "application/json");

        // Expect: 100-continue lets the listener refuse by the declared length before the body is sent; without it the
        // refusal can close the connection while the client is still writing, and the client sees a broken pipe.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.ExpectContinue = true;
        var response = await admin.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task The_listener_sends_no_server_banner()
    {
        var response = await admin.GetAsync("/health/live");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Server, Is.Empty);
    }

    [Test]
    public async Task A_json_body_under_the_limit_is_read()
    {
        var response = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Small PV", type = "solar", latitude = 40, longitude = -105, capacity_kw = 10 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task An_import_larger_than_the_json_limit_is_accepted_up_to_its_own_limit()
    {
        var site = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Import PV", type = "solar", latitude = 40, longitude = -105, capacity_kw = 10 });
        var siteId = (await site.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var csv = new StringBuilder("timestamp,power_kw,ghi,dni,dhi,ghi_clear,temp_c,wind_speed_10m,wind_speed_hub,wind_dir,pressure_hpa,rel_humidity\n");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var h = 0; csv.Length < 2 * 1024 * 1024; h++) csv.Append(FormattableString.Invariant($"{start.AddHours(h):yyyy-MM-ddTHH:mm:ssZ},{h % 7},,,,,,,,,,\n"));
        var form = new MultipartFormDataContent { { new StringContent("eval"), "format" }, { new StringContent(siteId.ToString()), "site_id" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "big.csv");

        var response = await admin.PostAsync("/admin/import", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
