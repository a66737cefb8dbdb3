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

    private async Task<long> CreateLoadSiteAsync()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", new
        {
            name = "Metered depot", type = "load", latitude = 48.14, longitude = 11.58, capacity_kw = PeakKw,
            time_zone = "Europe/Berlin", country = "DE",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

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
}
