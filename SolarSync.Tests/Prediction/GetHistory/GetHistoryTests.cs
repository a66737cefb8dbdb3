using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Tests.Prediction.GetHistory;

/// <summary>GET /api/v1/sites/{id}/history on observations and archived forecasts stored through the host.</summary>
public sealed class GetHistoryTests : PredictionHost
{
    [TestCase("day-ahead")]
    [TestCase("6h")]
    [TestCase("latest")]
    public async Task Each_hour_shows_the_latest_forecast_issued_at_least_the_lead_before_it(string lead)
    {
        var site = await KnownHistory.StoreAsync(this);

        var body = await GetOkAsync($"/api/v1/sites/{site.Id}/history?{KnownHistory.Range}&lead={lead}");
        var hours = body["hours"]!.AsArray().Select(h => h!.AsObject()).ToList();

        var expected = KnownHistory.Expected(lead);
        Assert.Multiple(() =>
        {
            Assert.That(body["lead"]!.GetValue<string>(), Is.EqualTo(lead));
            Assert.That(hours.Select(h => h["timestamp"]!.GetValue<string>()),
                Is.EqualTo(new[] { "2025-06-10T10:00:00Z", "2025-06-10T11:00:00Z", "2025-06-10T12:00:00Z" }));
            Assert.That(hours.Select(h => h["p50"]!.GetValue<double>()), Is.EqualTo(expected.Select(e => e.P50)));
            Assert.That(hours.Select(h => h["p10"]!.GetValue<double>()), Is.EqualTo(expected.Select(e => e.P50 - 10)));
            Assert.That(hours.Select(h => h["p90"]!.GetValue<double>()), Is.EqualTo(expected.Select(e => e.P50 + 10)));
            Assert.That(hours.Select(h => DateTimeOffset.Parse(h["issued_at"]!.GetValue<string>())), Is.EqualTo(expected.Select(e => e.IssuedAt)));
            Assert.That(hours.Select(h => h["lead_hours"]!.GetValue<int>()), Is.EqualTo(expected.Select(e => e.Lead)));
            Assert.That(hours.Select(h => h["model_version"]!.GetValue<string>()), Is.EqualTo(expected.Select(e => e.Version)));
        });
    }

    [Test]
    public async Task Day_ahead_is_the_default_lead()
    {
        var site = await KnownHistory.StoreAsync(this);

        var body = await GetOkAsync($"/api/v1/sites/{site.Id}/history?{KnownHistory.Range}");

        Assert.That(body["lead"]!.GetValue<string>(), Is.EqualTo("day-ahead"));
        Assert.That(body["hours"]!.AsArray().Select(h => h!["p50"]!.GetValue<double>()), Is.EqualTo(new[] { 126.0, 224, 225 }));
    }

    [Test]
    public async Task Observed_values_flags_and_imputation_come_from_the_stored_rows_of_each_hour()
    {
        var site = await KnownHistory.StoreAsync(this);

        var body = await GetOkAsync($"/api/v1/sites/{site.Id}/history?{KnownHistory.Range}");
        var hours = body["hours"]!.AsArray().Select(h => h!.AsObject()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(body["site_id"]!.GetValue<long>(), Is.EqualTo(site.Id));
            Assert.That(body["from"]!.GetValue<string>(), Is.EqualTo("2025-06-10T10:00:00Z"));
            Assert.That(body["to"]!.GetValue<string>(), Is.EqualTo("2025-06-10T13:00:00Z"));
            Assert.That(body["unit"]!.GetValue<string>(), Is.EqualTo("kW"));
            Assert.That(hours, Has.Count.EqualTo(3));

            // 10:00: telemetry's 42 kW over the meter's 40; irradiance, temperature and wind from the weather row;
            // the flags of the meter and the weather rows; nothing interpolated.
            Assert.That(hours[0]["observed_kw"]!.GetValue<double>(), Is.EqualTo(42));
            Assert.That(hours[0]["ghi"]!.GetValue<double>(), Is.EqualTo(600));
            Assert.That(hours[0]["temp_c"]!.GetValue<double>(), Is.EqualTo(20));
            Assert.That(hours[0]["wind_speed_hub"]!.GetValue<double>(), Is.EqualTo(KnownHistory.Hub10).Within(1e-5));
            Assert.That(hours[0]["quality_flags"]!.AsArray().Select(f => f!.GetValue<string>()), Is.EqualTo(new[] { "above_clear_sky", "flatliner" }));
            Assert.That(hours[0]["imputed"]!.GetValue<bool>(), Is.False);

            // 11:00: the meter's interpolated 30.5 kW; the 100 m wind is the default hub's.
            Assert.That(hours[1]["observed_kw"]!.GetValue<double>(), Is.EqualTo(30.5));
            Assert.That(hours[1]["ghi"]!.GetValue<double>(), Is.EqualTo(500));
            Assert.That(hours[1]["temp_c"]!.GetValue<double>(), Is.EqualTo(21.25));
            Assert.That(hours[1]["wind_speed_hub"]!.GetValue<double>(), Is.EqualTo(5));
            Assert.That(hours[1]["quality_flags"]!.AsArray(), Is.Empty);
            Assert.That(hours[1]["imputed"]!.GetValue<bool>(), Is.True);

            // 12:00: nothing stored; the fields are there, null.
            foreach (var field in new[] { "observed_kw", "ghi", "temp_c", "wind_speed_hub" })
            {
                Assert.That(hours[2].ContainsKey(field), Is.True, field);
                Assert.That(hours[2][field], Is.Null, field);
            }

            Assert.That(hours[2]["quality_flags"]!.AsArray(), Is.Empty);
            Assert.That(hours[2]["imputed"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public async Task An_hour_without_an_archived_forecast_of_the_lead_keeps_its_forecast_fields_null()
    {
        var site = await CreateSiteAsync("Golden", 100);
        await StoreObservationsAsync(site, (KnownHistory.H10, 12));
        // Issued at 10:00: it is the latest forecast of 10:00, but not 6 h ahead of it.
        await StoreForecastAsync(Forecast(site, "v1", KnownHistory.H10, null, (10, 5, 15)));

        var latest = (await GetOkAsync($"/api/v1/sites/{site.Id}/history?from=2025-06-10T10:00Z&to=2025-06-10T11:00Z&lead=latest"))["hours"]![0]!;
        var sixHours = (await GetOkAsync($"/api/v1/sites/{site.Id}/history?from=2025-06-10T10:00Z&to=2025-06-10T11:00Z&lead=6h"))["hours"]![0]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(latest["p50"]!.GetValue<double>(), Is.EqualTo(10));
            Assert.That(latest["lead_hours"]!.GetValue<int>(), Is.Zero);
            Assert.That(sixHours["observed_kw"]!.GetValue<double>(), Is.EqualTo(12));
            foreach (var field in new[] { "p50", "p10", "p90", "issued_at", "lead_hours", "model_version" })
            {
                Assert.That(sixHours.ContainsKey(field), Is.True, field);
                Assert.That(sixHours[field], Is.Null, field);
            }
        });
    }

    [Test]
    public async Task The_default_range_is_the_last_7_days_up_to_the_current_hour()
    {
        var site = await CreateSiteAsync("Golden", 100);

        var body = await GetOkAsync($"/api/v1/sites/{site.Id}/history");
        var hours = body["hours"]!.AsArray();

        Assert.Multiple(() =>
        {
            // The clock reads 2025-06-11 12:30 UTC.
            Assert.That(body["from"]!.GetValue<string>(), Is.EqualTo("2025-06-04T12:00:00Z"));
            Assert.That(body["to"]!.GetValue<string>(), Is.EqualTo("2025-06-11T12:00:00Z"));
            Assert.That(hours, Has.Count.EqualTo(168));
            Assert.That(hours[0]!["timestamp"]!.GetValue<string>(), Is.EqualTo("2025-06-04T12:00:00Z"));
            Assert.That(hours[167]!["timestamp"]!.GetValue<string>(), Is.EqualTo("2025-06-11T11:00:00Z"));
        });
    }

    [TestCase("2025-06-10T12:30:00%2B02:00", "2025-06-10T13:59", "2025-06-10T10:00:00Z", "2025-06-10T13:00:00Z")]
    [TestCase("2025-06-10", "2025-06-11", "2025-06-10T00:00:00Z", "2025-06-11T00:00:00Z")]
    [TestCase("2025-06-10T10:45:30.5Z", "2025-06-10T12:00:00Z", "2025-06-10T10:00:00Z", "2025-06-10T12:00:00Z")]
    public async Task Dates_and_date_times_are_read_as_utc_and_rounded_down_to_whole_hours(string from, string to, string expectedFrom, string expectedTo)
    {
        var site = await CreateSiteAsync("Golden", 100);

        var body = await GetOkAsync($"/api/v1/sites/{site.Id}/history?from={from}&to={to}");

        Assert.Multiple(() =>
        {
            Assert.That(body["from"]!.GetValue<string>(), Is.EqualTo(expectedFrom));
            Assert.That(body["to"]!.GetValue<string>(), Is.EqualTo(expectedTo));
            Assert.That(body["hours"]!.AsArray(), Has.Count.EqualTo((int)(DateTimeOffset.Parse(expectedTo) - DateTimeOffset.Parse(expectedFrom)).TotalHours));
        });
    }

    [Test]
    public async Task Exactly_92_days_is_accepted()
    {
        var site = await CreateSiteAsync("Golden", 100);

        var body = await GetOkAsync($"/api/v1/sites/{site.Id}/history?from=2025-01-01&to=2025-04-03");

        Assert.That(body["hours"]!.AsArray(), Has.Count.EqualTo(92 * 24));
    }

    [TestCase("from=2025-06-10&to=2025-06-10", "to")]
    [TestCase("from=2025-06-10T10:00Z&to=2025-06-10T10:59Z", "to")]
    [TestCase("from=2025-06-11&to=2025-06-10", "to")]
    [TestCase("from=2025-01-01&to=2025-04-03T01:00Z", "to")]
    [TestCase("from=abc&to=2025-06-10", "from")]
    [TestCase("from=&to=2025-06-10", "from")]
    [TestCase("from=06/10/2025", "from")]
    [TestCase("from=2025-06-10&to=2025-13-01", "to")]
    [TestCase("from=1999-12-31&to=2000-01-02", "from")]
    [TestCase("from=2099-12-31&to=2100-01-01T01:00Z", "to")]
    [TestCase("lead=week", "lead")]
    [TestCase("lead=", "lead")]
    public async Task A_bad_query_is_a_400_problem_naming_the_field(string query, string field)
    {
        var site = await CreateSiteAsync("Golden", 100);

        var response = await Reader.GetAsync($"/api/v1/sites/{site.Id}/history?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { field }));
    }

    [Test]
    public async Task An_unknown_site_is_a_404_problem()
    {
        var response = await Reader.GetAsync("/api/v1/sites/424242/history");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), Does.Contain("424242"));
    }

    [Test]
    public async Task The_endpoint_is_public_rate_limited_open_to_cors_origins_and_described_in_the_openapi_document()
    {
        var endpoint = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/api/v1/sites/{id:long}/history");
        var doc = (await Reader.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var operation = doc["paths"]!["/api/v1/sites/{id}/history"]!["get"]!;

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName, Is.EqualTo(AuthorizationPolicies.PublicRateLimit));
            Assert.That(endpoint.Metadata.GetMetadata<IEnableCorsAttribute>()?.PolicyName, Is.EqualTo(AuthorizationPolicies.PublicReadCors));
            Assert.That(operation["summary"]!.GetValue<string>(), Does.Contain("archived forecasts"));
            Assert.That(operation["description"]!.GetValue<string>(), Does.Contain("92 days"));
            Assert.That(operation["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.EquivalentTo(new[] { "id", "from", "to", "lead" }));
        });
    }

    private async Task<JsonObject> GetOkAsync(string url)
    {
        var response = await Reader.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
