using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Tests.Prediction.ExportCsv;

/// <summary>GET /api/v1/sites/{id}/forecast.csv against GET /api/v1/sites/{id}/forecast (no Production model: the physical one serves).</summary>
public sealed class ForecastCsvTests : PredictionHost
{
    [Test]
    public async Task The_csv_matches_the_json_forecast_point_by_point()
    {
        var site = await CreateSiteAsync("Golden", 100);

        var json = (await Reader.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{site.Id}/forecast?hours=30"))!;
        var csv = await CsvAssert.ReadDownloadAsync(await Reader.GetAsync($"/api/v1/sites/{site.Id}/forecast.csv?hours=30"), $"site-{site.Id}-forecast");

        var points = json["points"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(csv[0], Is.EqualTo(new[] { "timestamp", "p50", "p10", "p90", "model_version", "issued_at" }));
            Assert.That(csv, Has.Count.EqualTo(31));
            // The clock reads 2025-06-11 12:30: some of the 30 hours are daylight, so not every value is 0.
            Assert.That(points.Select(p => p["p50"]!.GetValue<double>()), Has.Some.GreaterThan(0));
            for (var i = 0; i < points.Count; i++)
            {
                var row = csv[i + 1];
                Assert.That(DateTimeOffset.Parse(row[0]), Is.EqualTo(DateTimeOffset.Parse(points[i]["timestamp"]!.GetValue<string>())), $"point {i} timestamp");
                Assert.That(row[0], Does.EndWith(":00:00Z"), $"point {i} timestamp is UTC");
                CsvAssert.FieldMatches(row[1], points[i]["p50"], $"point {i} p50");
                CsvAssert.FieldMatches(row[2], points[i]["p10"], $"point {i} p10");
                CsvAssert.FieldMatches(row[3], points[i]["p90"], $"point {i} p90");
                CsvAssert.FieldMatches(row[4], json["model_version"], $"point {i} model_version");
                Assert.That(DateTimeOffset.Parse(row[5]), Is.EqualTo(DateTimeOffset.Parse(json["issued_at"]!.GetValue<string>())), $"point {i} issued_at");
            }
        });
    }

    [Test]
    public async Task The_csv_is_served_through_the_forecast_cache_and_archive()
    {
        var site = await CreateSiteAsync("Golden", 100);
        // Site ids restart with every test and Redis outlives the host: a forecast of an earlier run must not answer.
        Assert.That((await Admin.PostAsync("/monitoring/cache/clear", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var csv = await Reader.GetAsync($"/api/v1/sites/{site.Id}/forecast.csv");
        var json = (await Reader.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{site.Id}/forecast"))!;
        var archived = new List<ArchivedForecast>();
        await foreach (var f in App.Services.GetRequiredService<ForecastArchive>().ReadAsync(site.Id, Clock.Now.AddDays(-1), Clock.Now.AddDays(3), CancellationToken.None))
            archived.Add(f);

        Assert.Multiple(() =>
        {
            Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            // 48 rows by default, and the JSON of the same 48 hours came from the cache the export filled.
            Assert.That(CsvAssert.Parse(csv.Content.ReadAsStringAsync().Result), Has.Count.EqualTo(49));
            Assert.That(json["metadata"]!["cache"]!.GetValue<string>(), Is.EqualTo("hit"));
            Assert.That(archived.Select(f => (f.HorizonHours, f.IssuedAt)), Is.EqualTo(new[] { (48, new DateTimeOffset(2025, 6, 11, 12, 0, 0, TimeSpan.Zero)) }));
        });
    }

    [Test]
    public async Task The_exports_are_public_rate_limited_open_to_cors_origins_and_described_as_csv_in_the_openapi_document()
    {
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var doc = (await Reader.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject();

        Assert.Multiple(() =>
        {
            foreach (var export in new[] { "history.csv", "forecast.csv", "performance.csv" })
            {
                var endpoint = endpoints.Single(e => e.RoutePattern.RawText == $"/api/v1/sites/{{id:long}}/{export}");
                Assert.That(endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName, Is.EqualTo(AuthorizationPolicies.PublicRateLimit), export);
                Assert.That(endpoint.Metadata.GetMetadata<IEnableCorsAttribute>()?.PolicyName, Is.EqualTo(AuthorizationPolicies.PublicReadCors), export);
                var content = paths[$"/api/v1/sites/{{id}}/{export}"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
                Assert.That(content.Select(c => c.Key), Is.EqualTo(new[] { "text/csv; charset=utf-8" }), export);
            }

            // The JSON forecast, now answered through the same code as its export, still declares one JSON body.
            var forecast = paths["/api/v1/sites/{id}/forecast"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
            Assert.That(forecast.Select(c => c.Key), Is.EqualTo(new[] { "application/json; charset=utf-8" }));
        });
    }

    [TestCase("0")]
    [TestCase("169")]
    [TestCase("abc")]
    public async Task Hours_out_of_range_is_a_400_problem_naming_hours(string hours)
    {
        var site = await CreateSiteAsync("Golden", 100);

        var response = await Reader.GetAsync($"/api/v1/sites/{site.Id}/forecast.csv?hours={hours}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "hours" }));
    }

    [Test]
    public async Task The_csv_of_an_unknown_site_is_a_404_problem()
    {
        var response = await Reader.GetAsync("/api/v1/sites/424242/forecast.csv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }
}
