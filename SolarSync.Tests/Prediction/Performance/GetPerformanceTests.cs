using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Tests.Prediction.Performance;

/// <summary>GET /api/v1/sites/{id}/performance on archived forecasts and observations stored through the host.</summary>
public sealed class GetPerformanceTests : PredictionHost
{
    // The clock reads 2025-06-11 12:30 UTC: days=1 is the target hours [06-11 00:00, 06-12 00:00).
    private static readonly DateTimeOffset Day = new(2025, 6, 11, 0, 0, 0, TimeSpan.Zero);

    private async Task<long> StoreKnownDataAsync()
    {
        var site = await CreateSiteAsync("Golden", capacityKw: 100);
        // Observed power, kW. 02:00 is not stored, 03:00 is stored without power: both are skipped.
        await StoreObservationsAsync(site,
            (Day.AddHours(-1), 50), (Day, 10), (Day.AddHours(1), 20), (Day.AddHours(3), null),
            (Day.AddHours(4), 40), (Day.AddHours(5), 30), (Day.AddHours(6), 0));
        // A: model v1, issued 06-10 23:00, 8 points (p50, p10, p90); point i is horizon i + 1.
        await StoreForecastAsync(Forecast(site, "v1", Day.AddHours(-1), 4.0,
            (45, 40, 50),  // h1 06-10 23:00, before the range
            (12, 8, 14),   // h2 00:00 actual 10: error +2, inside
            (17, 15, 19),  // h3 01:00 actual 20: error −3, outside
            (30, 25, 35),  // h4 02:00 no actual
            (30, 25, 35),  // h5 03:00 no actual
            (44, 38, 50),  // h6 04:00 actual 40: error +4, inside
            (24, 20, 28),  // h7 05:00 actual 30: error −6, outside
            (1, 0, 3)));   // h8 06:00 actual 0: error +1, inside (p10 = actual)
        // B: model v2, issued 06-09 23:00, 26 points; only the last (h26) falls on 06-11, at 00:00.
        var before = Enumerable.Repeat((1000.0, 0.0, 2000.0), 25);
        await StoreForecastAsync(Forecast(site, "v2", Day.AddHours(-25), 5.0, [.. before, (16, 12, 20)])); // h26 actual 10: error +6, outside
        return site.Id;
    }

    [Test]
    public async Task Realized_accuracy_by_horizon_is_the_hand_computed_one()
    {
        var siteId = await StoreKnownDataAsync();

        var response = await Reader.GetAsync($"/api/v1/sites/{siteId}/performance?days=1");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var buckets = body["buckets"]!.AsArray().Select(b => b!.AsObject()).ToList();
        var all = body["all"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(body["site_id"]!.GetValue<long>(), Is.EqualTo(siteId));
            Assert.That(body["from"]!.GetValue<string>(), Is.EqualTo("2025-06-11"));
            Assert.That(body["to"]!.GetValue<string>(), Is.EqualTo("2025-06-11"));
            Assert.That(body["days"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(buckets.Select(b => b["horizon"]!.GetValue<string>()), Is.EqualTo(new[] { "1-6h", "7-24h", "25-48h", "49-168h" }));
            Assert.That(all["horizon"]!.GetValue<string>(), Is.EqualTo("all"));

            // 1-6h: errors +2, −3, +4. MAE 9/3 = 3; RMSE √((4 + 9 + 16)/3) = √(29/3); nMAE 3/100 kW = 3 %;
            // bias (2 − 3 + 4)/3 = 1; 2 of 3 inside: 66.67 %.
            Expect(buckets[0], hours: 3, mae: 3, rmse: Math.Sqrt(29.0 / 3), nmae: 3, bias: 1, coverage: 200.0 / 3);
            // 7-24h: errors −6, +1. MAE 3.5; RMSE √((36 + 1)/2) = √18.5; nMAE 3.5 %; bias −2.5; 1 of 2: 50 %.
            Expect(buckets[1], hours: 2, mae: 3.5, rmse: Math.Sqrt(18.5), nmae: 3.5, bias: -2.5, coverage: 50);
            // 25-48h: error +6 outside: MAE = RMSE = bias = 6, nMAE 6 %, coverage 0 %.
            Expect(buckets[2], hours: 1, mae: 6, rmse: 6, nmae: 6, bias: 6, coverage: 0);
            // 49-168h: nothing.
            Assert.That(buckets[3]["hours"]!.GetValue<int>(), Is.Zero);
            Assert.That(buckets[3]["mae"], Is.Null);
            Assert.That(buckets[3]["coverage80"], Is.Null);
            // all: errors +2, −3, +4, −6, +1, +6. MAE 22/6; RMSE √((4+9+16+36+1+36)/6) = √17; nMAE 22/6 %;
            // bias (2 − 3 + 4 − 6 + 1 + 6)/6 = 4/6; 3 of 6 inside: 50 %.
            Expect(all, hours: 6, mae: 22.0 / 6, rmse: Math.Sqrt(17), nmae: 22.0 / 6, bias: 4.0 / 6, coverage: 50);
        });
    }

    [Test]
    public async Task Thirty_days_is_the_default_and_reaches_the_day_before()
    {
        var siteId = await StoreKnownDataAsync();

        var body = (await Reader.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{siteId}/performance"))!;

        Assert.Multiple(() =>
        {
            Assert.That(body["days"]!.GetValue<int>(), Is.EqualTo(30));
            Assert.That(body["from"]!.GetValue<string>(), Is.EqualTo("2025-05-13"));
            Assert.That(body["to"]!.GetValue<string>(), Is.EqualTo("2025-06-11"));
            // The six hours of 06-11, plus 06-10 23:00 (actual 50) from A at h1 and from B at h25.
            Assert.That(body["all"]!["hours"]!.GetValue<int>(), Is.EqualTo(8));
            Assert.That(body["buckets"]![2]!["hours"]!.GetValue<int>(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task An_unknown_site_is_a_404_problem()
    {
        var response = await Reader.GetAsync("/api/v1/sites/424242/performance");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), Does.Contain("424242"));
    }

    [TestCase("0")]
    [TestCase("366")]
    [TestCase("abc")]
    [TestCase("1.5")]
    public async Task Days_out_of_range_or_not_a_whole_number_is_a_400_problem_naming_days(string days)
    {
        var site = await CreateSiteAsync("Golden", 100);

        var response = await Reader.GetAsync($"/api/v1/sites/{site.Id}/performance?days={days}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "days" }));
    }

    [TestCase("1")]
    [TestCase("365")]
    public async Task Days_at_either_end_of_the_range_are_accepted(string days)
    {
        var site = await CreateSiteAsync("Golden", 100);

        var response = await Reader.GetAsync($"/api/v1/sites/{site.Id}/performance?days={days}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["all"]!["hours"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task The_endpoint_is_public_rate_limited_and_described_in_the_openapi_document()
    {
        var endpoint = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/api/v1/sites/{id:long}/performance");
        var doc = (await Reader.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var operation = doc["paths"]!["/api/v1/sites/{id}/performance"]!["get"]!;

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName, Is.EqualTo(AuthorizationPolicies.PublicRateLimit));
            Assert.That(operation["summary"]!.GetValue<string>(), Does.Contain("Realized accuracy"));
            Assert.That(operation["description"]!.GetValue<string>(), Does.Contain("coverage80"));
            Assert.That(operation["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.EquivalentTo(new[] { "id", "days" }));
        });
    }

    private static void Expect(JsonObject bucket, int hours, double mae, double rmse, double nmae, double bias, double coverage)
    {
        var label = bucket["horizon"]!.GetValue<string>();
        Assert.That(bucket["hours"]!.GetValue<int>(), Is.EqualTo(hours), $"{label} hours");
        Assert.That(bucket["mae"]!.GetValue<double>(), Is.EqualTo(mae).Within(1e-9), $"{label} mae");
        Assert.That(bucket["rmse"]!.GetValue<double>(), Is.EqualTo(rmse).Within(1e-9), $"{label} rmse");
        Assert.That(bucket["nmae"]!.GetValue<double>(), Is.EqualTo(nmae).Within(1e-9), $"{label} nmae");
        Assert.That(bucket["bias"]!.GetValue<double>(), Is.EqualTo(bias).Within(1e-9), $"{label} bias");
        Assert.That(bucket["coverage80"]!.GetValue<double>(), Is.EqualTo(coverage).Within(1e-9), $"{label} coverage80");
    }
}
