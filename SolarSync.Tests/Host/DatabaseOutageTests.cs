using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// The host on a PostgreSQL of its own that the test stops and starts: requests meet the outage as a 503 problem with
/// Retry-After (never a 500), readiness names postgres, and the same requests answer 200 once it is back.
/// </summary>
[NonParallelizable]
public sealed class DatabaseOutageTests
{
    private PrivatePostgres postgres = null!;
    private SolarSyncApp app = null!;
    private HttpClient admin = null!;
    private HttpClient reader = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        postgres = await PrivatePostgres.StartAsync();
        app = await SolarSyncApp.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = postgres.ConnectionString,
            // Site ids of this database start at 1 like the shared test database's: keep clear of its cached forecasts.
            ["Prediction:CacheKeyPrefix"] = "test-outage-" + Guid.NewGuid().ToString("N")[..8],
            // By default a forecast of a known site may be made from inputs read up to a minute ago, without the
            // database; reading the site list on every request makes each request of the test meet the outage.
            ["Prediction:SiteListSeconds"] = "0",
        });
        admin = app.CreateClient(SolarSyncApp.AdminKey);
        reader = app.CreateClient(SolarSyncApp.ReaderKey);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        admin.Dispose();
        reader.Dispose();
        await app.DisposeAsync();
        await postgres.DisposeAsync();
    }

    [Test]
    public async Task Forecasts_answer_503_with_retry_after_while_postgres_is_down_and_200_once_it_is_back()
    {
        var created = await admin.PostAsJsonAsync("/api/v1/sites",
            new { name = "Outage Golden", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var siteId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var urls = new[] { 6, 12, 24 }.Select(hours => $"/api/v1/sites/{siteId}/forecast?hours={hours}").ToArray();
        Assert.That((await reader.GetAsync(urls[0])).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await postgres.StopServerAsync();
        HttpResponseMessage[] during;
        HttpResponseMessage ready;
        try
        {
            during = await Task.WhenAll(urls.Select(url => reader.GetAsync(url)));
            ready = await reader.GetAsync("/health/ready");
        }
        finally
        {
            await postgres.StartServerAsync();
        }

        foreach (var response in during)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), problem?.ToJsonString());
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
                Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
                Assert.That((int?)problem!["status"], Is.EqualTo(503));
                Assert.That((string?)problem["title"], Does.Contain("database"));
            });
        }

        var readiness = await ready.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(readiness!["failing"]!.AsArray().Select(f => (string?)f), Is.EqualTo(new[] { "postgres" }));

        // The first requests after the restart may draw a pooled connection the shutdown ended (57P01): a 503 as
        // well, never a 500, until every request is answered again.
        foreach (var url in urls)
        {
            Assert.That(await AnswerOnceBackAsync(url), Is.EqualTo(HttpStatusCode.OK), url);
        }

        Assert.That(await AnswerOnceBackAsync("/health/ready"), Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<HttpStatusCode> AnswerOnceBackAsync(string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var response = await reader.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline) return response.StatusCode;
            await Task.Delay(200);
        }
    }
}
