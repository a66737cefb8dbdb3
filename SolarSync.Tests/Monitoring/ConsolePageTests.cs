using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Monitoring.Console.SignIn;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Monitoring;

/// <summary>The console's pages over HTTP: who may see them, what they answer, and that nothing stored becomes markup.</summary>
public sealed partial class ConsolePageTests : HostTest
{
    private const string HostileName = "Ridge <script>alert('x')</script> & \"Sons\"";

    [Test]
    public async Task The_overview_without_a_key_is_a_401_html_page_with_a_basic_challenge_and_a_sign_in_link()
    {
        var response = await Client().GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Basic"));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(body, Does.Contain("<strong>reader</strong> or <strong>admin</strong> API key"));
            Assert.That(body, Does.Contain("href=\"/signin\""));
        });
    }

    [TestCase("/sites/1", null)]
    [TestCase("/", "not-a-key")]
    [TestCase("/sites/1", "not-a-key")]
    public async Task Without_a_valid_key_every_page_is_401(string path, string? key)
    {
        var response = await Client(key).GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("href=\"/signin\""));
    }

    [Test]
    public async Task A_reader_key_opens_the_overview_as_html_with_the_plants_and_the_tools()
    {
        var id = await CreateSiteAsync("Golden PV", "solar");

        var response = await Client(SolarSyncApp.ReaderKey).GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/html; charset=utf-8"));
            Assert.That(body, Does.Contain($"<a href=\"/sites/{id}\">Golden PV</a>"));
            Assert.That(body, Does.Contain("href=\"/hangfire\"").And.Contain("href=\"/metrics\"").And.Contain("href=\"/scalar\""));
            Assert.That(body, Does.Contain("No solar model has been trained yet."));
            Assert.That(body, Does.Contain("testreader (reader)"), "who is signed in");
            Assert.That(response.Headers.GetValues("Server-Timing").Single(), Does.StartWith("app;dur="));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'"));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }

    [Test]
    public async Task The_admin_key_as_the_password_of_basic_credentials_opens_the_console()
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + SolarSyncApp.AdminKey)));

        var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("testadmin (admin)"));
    }

    [Test]
    public async Task Stored_values_are_html_encoded_on_both_pages()
    {
        var id = await CreateSiteAsync(HostileName, "wind");

        foreach (var path in new[] { "/", $"/sites/{id}" })
        {
            var body = await Client(SolarSyncApp.ReaderKey).GetStringAsync(path);
            Assert.Multiple(() =>
            {
                Assert.That(body, Does.Not.Contain("<script>alert"), path);
                Assert.That(body, Does.Not.Contain("\"Sons\""), path);
                Assert.That(body, Does.Contain("Ridge &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Sons&quot;"), path);
            });
        }
    }

    [Test]
    public async Task The_site_page_states_its_point_counts_in_the_plants_zone_and_embeds_the_chart_data()
    {
        var id = await CreateSiteAsync("Munich PV", "solar", "Europe/Berlin");
        var site = (await App.Services.GetRequiredService<ISiteDirectory>().FindAsync(id, CancellationToken.None))!;
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        // Ten observed hours ending 20 h ago, and one archived forecast issued 30 h before the first of them.
        var first = hour.AddHours(-30);
        var observed = Enumerable.Range(0, 10).Select(i => (Hour: first.AddHours(i), Kw: 10.5 + i)).ToList();
        await App.Services.GetRequiredService<ObservationRepository>().UpsertAsync(observed.Select(o =>
            new Observation { SiteId = id, Ts = o.Hour, Source = ObservationSources.Meter, PowerKw = o.Kw }).ToList(), CancellationToken.None);
        var issued = first.AddHours(-30);
        await App.Services.GetRequiredService<ForecastArchive>().StoreAsync(new SiteForecast(site, "v-test", issued, issued.AddMinutes(5),
            Enumerable.Range(0, 48).Select(i => new ForecastPoint(issued.AddHours(i), 20, 15, 25)).ToList(),
            new ForecastMetadata("observed", null, "miss", 48), 5.0), CancellationToken.None);

        var response = await Client(SolarSyncApp.ReaderKey).GetAsync($"/sites/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);

        var chart = JsonNode.Parse(ChartJson().Match(body).Groups[1].Value)!;
        var x = chart["history"]!["x"]!.AsArray().Select(v => (long)v!).ToList();
        var actual = chart["history"]!["actual"]!.AsArray();
        var at = x.IndexOf(observed[3].Hour.ToUnixTimeSeconds());
        Assert.Multiple(() =>
        {
            Assert.That(Attribute(body, "history-chart", "data-actual-points"), Is.EqualTo("10"));
            Assert.That(Attribute(body, "history-chart", "data-hours"), Is.EqualTo("168"));
            // The archived forecast's hours issued + 24 h … issued + 47 h (first − 6 h … first + 17 h) are a day ahead of it.
            Assert.That(Attribute(body, "history-chart", "data-dayahead-points"), Is.EqualTo("24"));
            Assert.That(Attribute(body, "forecast-chart", "data-forecast-points"), Is.EqualTo("48"));
            Assert.That((string?)chart["zone"], Is.EqualTo("Europe/Berlin"));
            Assert.That(body, Does.Contain("data-zone=\"Europe/Berlin\""));
            Assert.That(x, Has.Count.EqualTo(168));
            // The last whole hour (or the next one, when the clock passed an hour meanwhile).
            Assert.That(x[^1], Is.EqualTo(hour.AddHours(-1).ToUnixTimeSeconds()).Or.EqualTo(hour.ToUnixTimeSeconds()));
            Assert.That((double?)actual[at], Is.EqualTo(13.5));
            Assert.That((double?)chart["history"]!["p50"]![at], Is.EqualTo(20));
            Assert.That((double?)chart["history"]!["p90"]![at], Is.EqualTo(25));
            Assert.That(chart["forecast"]!["x"]!.AsArray(), Has.Count.EqualTo(48));
            Assert.That(body, Does.Contain("data-horizon=\"all\""), "the accuracy table");
            Assert.That(Regex.Matches(body, "class=\"day q-[^\"]*\" data-day=").Count, Is.EqualTo(30), "the quality calendar");
        });
    }

    [Test]
    public async Task A_plant_that_does_not_exist_is_a_404_page()
    {
        var response = await Client(SolarSyncApp.ReaderKey).GetAsync("/sites/424242");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("No plant has id 424242"));
    }

    [Test]
    public async Task The_sign_in_page_is_a_form_for_the_key()
    {
        var response = await Client().GetAsync("/signin");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("<form method=\"post\" action=\"/signin\"").And.Contain("type=\"password\""));
    }

    [Test]
    public async Task Signing_in_sets_an_http_only_strict_cookie_that_opens_the_console()
    {
        var response = await SignInAsync(Client(), SolarSyncApp.ReaderKey, "/sites/1");
        var cookie = SetCookie(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/sites/1"));
            Assert.That(cookie, Does.StartWith("solarsync_key=" + SolarSyncApp.ReaderKey + ";"));
            Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase.And.Contain("path=/"));
            Assert.That(cookie, Does.Not.Contain("secure;").IgnoreCase, "plain HTTP");
        });

        var page = await WithCookie(SolarSyncApp.ReaderKey).GetAsync("/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Over_https_the_cookie_is_secure()
    {
        var response = await SignInAsync(Client(https: true), SolarSyncApp.ReaderKey);

        Assert.That(SetCookie(response), Does.Contain("secure").IgnoreCase);
    }

    [Test]
    public async Task A_wrong_key_at_sign_in_is_refused_and_sets_no_cookie()
    {
        var response = await SignInAsync(Client(), "not-a-key");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("That key is not valid."));
    }

    // "key=%00" answered 500: the form decoder throws for an encoded NUL.
    [TestCase("key=%00")]
    [TestCase("key=a&return=%00")]
    public async Task A_sign_in_form_with_an_encoded_nul_is_a_400_form_and_sets_no_cookie(string form)
    {
        var response = await Client().PostAsync("/signin", new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Send the key from the sign-in form."));
    }

    [Test]
    public async Task A_sign_in_larger_than_any_key_is_refused()
    {
        var response = await SignInAsync(Client(), new string('k', 10_000));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
    }

    [Test]
    public async Task The_cookie_authorises_reads_only_never_a_request_that_changes_data()
    {
        var site = new { name = "Cookie PV", type = "solar", latitude = 10, longitude = 10, capacity_kw = 5 };

        var withCookie = await WithCookie(SolarSyncApp.AdminKey).PostAsJsonAsync("/api/v1/sites", site);
        var withHeader = await Client(SolarSyncApp.AdminKey).PostAsJsonAsync("/api/v1/sites", site);
        var read = await WithCookie(SolarSyncApp.AdminKey).GetAsync("/admin/model/history");

        Assert.Multiple(() =>
        {
            Assert.That(withCookie.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(withHeader.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [TestCase("GET")]
    [TestCase("POST")]
    public async Task Signing_out_expires_the_cookie(string method)
    {
        var response = await WithCookie(SolarSyncApp.ReaderKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), "/signout"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/signin"));
        Assert.That(SetCookie(response), Does.StartWith("solarsync_key=;").And.Contain("expires=Thu, 01 Jan 1970"));
    }

    [TestCase("/sites/2", "/sites/2")]
    [TestCase("/", "/")]
    [TestCase("//evil.example/x", "/")]
    [TestCase("/\\evil.example", "/")]
    [TestCase("https://evil.example/", "/")]
    [TestCase("", "/")]
    [TestCase(null, "/")]
    public void After_signing_in_only_a_path_of_this_host_is_followed(string? requested, string expected) =>
        Assert.That(SignInEndpoints.LocalTarget(requested), Is.EqualTo(expected));

    [Test]
    public async Task The_page_script_and_the_vendored_chart_library_are_served()
    {
        var client = Client();
        foreach (var path in new[] { "/console/site.js", "/console/console.css", "/lib/uplot/uPlot.iife.min.js", "/lib/uplot/uPlot.min.css" })
        {
            var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }
    }

    [Test]
    public async Task The_console_is_not_part_of_the_api_description()
    {
        var doc = (await Client().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.That(paths, Has.None.EqualTo("/").And.None.StartsWith("/sites/").And.None.EqualTo("/signin"));
    }

    private HttpClient Client(string? apiKey = null, bool https = false)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private HttpClient WithCookie(string key)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add("Cookie", "solarsync_key=" + key);
        return client;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string key, string? returnTo = null)
    {
        var form = new Dictionary<string, string> { ["key"] = key };
        if (returnTo is not null) form["return"] = returnTo;
        return client.PostAsync("/signin", new FormUrlEncodedContent(form));
    }

    private static string SetCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Single() : "";

    private async Task<long> CreateSiteAsync(string name, string type, string? timeZone = null)
    {
        object body = type == "solar"
            ? new { name, type, latitude = 48.1, longitude = 11.6, capacity_kw = 100, time_zone = timeZone }
            : new { name, type, latitude = 48.1, longitude = 11.6, capacity_kw = 2000, hub_height_m = 100, time_zone = timeZone };
        var response = await Admin.PostAsJsonAsync("/api/v1/sites", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (long)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static string? Attribute(string html, string id, string attribute)
    {
        var element = Regex.Match(html, $"<div id=\"{id}\"[^>]*>").Value;
        var match = Regex.Match(element, $"{attribute}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"chart-data\">\\s*(.*?)\\s*</script>", RegexOptions.Singleline)]
    private static partial Regex ChartJson();
}
