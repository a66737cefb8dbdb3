using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.Forecasting;

/// <summary>A load site end to end without a model: a meter file in, the same-hour-last-week stand-in out.</summary>
public sealed class LoadForecastTests : HostTest
{
    private const double PeakKw = 100;

    // A weekly pattern (hour of week / 2 + 40 kW), so the hour a week before holds the hour to come; one hour per
    // week reaches 123.5 kW, above the registered peak, as a consumer's demand may.
    private static double DemandKw(DateTimeOffset ts) =>
        40 + (ts - DateTimeOffset.UnixEpoch).TotalHours % 168 / 2;

    private Task<long> CreateLoadSiteAsync() => CreateSiteAsync(new
    {
        name = "Metered depot", type = "load", latitude = 48.14, longitude = 11.58, capacity_kw = PeakKw,
        time_zone = "Europe/Berlin", country = "DE",
    });

    private async Task<JsonObject> ImportMeterAsync(long siteId, DateTimeOffset from, DateTimeOffset until)
    {
        var csv = new StringBuilder("timestamp,active_power_kw\n");
        for (var ts = from; ts < until; ts = ts.AddHours(1))
            csv.Append(CultureInfo.InvariantCulture, $"{ts.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z,{DemandKw(ts).ToString("R", CultureInfo.InvariantCulture)}\n");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { new StringContent("meter"), "format" }, { new StringContent(siteId.ToString(CultureInfo.InvariantCulture)), "site_id" } };
        form.Add(file, "file", "meter.csv");
        var response = await Admin.PostAsync("/admin/import", form);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return body!;
    }

    [Test]
    public async Task A_meter_file_of_a_load_site_is_its_demand_and_without_a_model_it_is_forecast_from_the_same_hour_last_week()
    {
        var siteId = await CreateLoadSiteAsync();
        var now = DateTimeOffset.UtcNow;
        var issue = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var import = await ImportMeterAsync(siteId, issue.AddDays(-9), issue);

        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var stored = await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM collection.observations WHERE site_id = @siteId AND source = 'meter' AND power_kw IS NOT NULL", new { siteId });
        var forecast = await Admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{siteId}/forecast?hours=24");
        var points = forecast!["points"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(import["run"]!["rejected"]!.GetValue<int>(), Is.Zero, "demand above the peak is kept");
            Assert.That(stored, Is.EqualTo(9 * 24));
            Assert.That((string?)forecast["model_family"], Is.EqualTo("same-hour-last-week"));
            Assert.That(points, Has.Count.EqualTo(24));
            for (var k = 0; k < 24; k++)
            {
                var p50 = points[k]!["p50"]!.GetValue<double>();
                Assert.That(p50, Is.EqualTo(DemandKw(issue.AddHours(k))).Within(0.01), $"hour {k}");
                Assert.That(points[k]!["p10"]!.GetValue<double>(), Is.LessThan(p50), $"hour {k}");
                Assert.That(points[k]!["p90"]!.GetValue<double>(), Is.GreaterThan(p50), $"hour {k}");
            }
        });
    }

    [Test]
    public async Task The_load_endpoint_forecasts_the_nearest_load_site()
    {
        var siteId = await CreateLoadSiteAsync();

        var forecast = await Admin.GetFromJsonAsync<JsonObject>("/api/v1/predict/load?location_lat=48.14&location_lng=11.58&hours=6");

        Assert.That(forecast!["site"]!["id"]!.GetValue<long>(), Is.EqualTo(siteId));
        Assert.That(forecast["points"]!.AsArray(), Has.Count.EqualTo(6));
    }
    [Test]
    public async Task The_net_load_of_a_load_site_is_its_demand_minus_its_solar_plant_with_a_wider_interval_than_either()
    {
        var loadId = await CreateLoadSiteAsync();
        var now = DateTimeOffset.UtcNow;
        var issue = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        await ImportMeterAsync(loadId, issue.AddDays(-9), issue);
        var solarId = await CreateSiteAsync(new { name = "Depot roof", type = "solar", latitude = 48.14, longitude = 11.58, capacity_kw = 60 });

        var net = await Admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{loadId}/net-load?solar_site_id={solarId}&hours=24");
        var load = (await Admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{loadId}/forecast?hours=24"))!["points"]!.AsArray();
        var solar = (await Admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{solarId}/forecast?hours=24"))!["points"]!.AsArray();

        var points = net!["points"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(net["site"]!["id"]!.GetValue<long>(), Is.EqualTo(loadId));
            Assert.That(net["solar_site"]!["id"]!.GetValue<long>(), Is.EqualTo(solarId));
            Assert.That(points, Has.Count.EqualTo(24));
            Assert.That(solar.Max(p => p!["p50"]!.GetValue<double>()), Is.GreaterThan(0), "the test needs daylight in the day ahead");
            for (var k = 0; k < 24; k++)
            {
                double At(JsonArray a, string q) => a[k]![q]!.GetValue<double>();
                Assert.That((string?)points[k]!["timestamp"], Is.EqualTo((string?)load[k]!["timestamp"]), $"hour {k}");
                Assert.That(At(points, "p50"), Is.EqualTo(At(load, "p50") - At(solar, "p50")).Within(0.002), $"hour {k}");
                var width = At(points, "p90") - At(points, "p10");
                Assert.That(width, Is.GreaterThanOrEqualTo(At(load, "p90") - At(load, "p10") - 0.002), $"hour {k}");
                Assert.That(width, Is.LessThanOrEqualTo(At(load, "p90") - At(load, "p10") + At(solar, "p90") - At(solar, "p10") + 0.002), $"hour {k}");
            }
        });
    }

    [Test]
    public async Task Net_load_names_what_is_wrong_with_its_sites()
    {
        var loadId = await CreateLoadSiteAsync();
        var solarId = await CreateSiteAsync(new { name = "Roof", type = "solar", latitude = 48.14, longitude = 11.58, capacity_kw = 60 });

        var missing = await Admin.GetAsync($"/api/v1/sites/{loadId}/net-load");
        var swapped = await Admin.GetAsync($"/api/v1/sites/{solarId}/net-load?solar_site_id={loadId}");
        var unknown = await Admin.GetAsync($"/api/v1/sites/{loadId}/net-load?solar_site_id=999999");

        var missingErrors = (await missing.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        var swappedErrors = (await swapped.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(missingErrors.Select(e => e.Key), Is.EquivalentTo(new[] { "solar_site_id" }));
            Assert.That(swapped.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(swappedErrors.Select(e => e.Key), Is.EquivalentTo(new[] { "id", "solar_site_id" }));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    private async Task<long> CreateSiteAsync(object site)
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", site);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }
}
