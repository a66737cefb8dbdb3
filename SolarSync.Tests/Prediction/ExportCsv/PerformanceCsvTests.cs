using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SolarSync.Tests.Prediction.ExportCsv;

/// <summary>GET /api/v1/sites/{id}/performance.csv against the JSON of the same days.</summary>
public sealed class PerformanceCsvTests : PredictionHost
{
    private static readonly DateTimeOffset Day = new(2025, 6, 11, 0, 0, 0, TimeSpan.Zero);

    [TestCase("1")]
    [TestCase("30")]
    public async Task The_csv_has_a_row_per_bucket_and_all_matching_the_json(string days)
    {
        var site = await CreateSiteAsync("Golden", capacityKw: 100);
        await StoreObservationsAsync(site, (Day.AddHours(-1), 50), (Day, 10), (Day.AddHours(1), 20), (Day.AddHours(6), 0));
        await StoreForecastAsync(Forecast(site, "v1", Day.AddHours(-1), 4.0, (45, 40, 50), (12, 8, 14), (17, 15, 19), (30, 25, 35),
            (30, 25, 35), (44, 38, 50), (24, 20, 28), (1, 0, 3)));

        var json = (await Reader.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{site.Id}/performance?days={days}"))!;
        var csv = await CsvAssert.ReadDownloadAsync(await Reader.GetAsync($"/api/v1/sites/{site.Id}/performance.csv?days={days}"), $"site-{site.Id}-performance");

        var rows = json["buckets"]!.AsArray().Append(json["all"]).Select(b => b!.AsObject()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(csv[0], Is.EqualTo(new[] { "horizon", "hours", "mae", "rmse", "nmae", "bias", "coverage80" }));
            Assert.That(csv.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { "1-6h", "7-24h", "25-48h", "49-168h", "all" }));
            // Something to compare: hours paired in 1-6h and 7-24h, none in 49-168h (empty fields).
            Assert.That(rows[0]["hours"]!.GetValue<int>(), Is.GreaterThan(0));
            Assert.That(csv[4][2], Is.Empty);
        });
        CsvAssert.RowsMatch(csv, rows);
    }

    [TestCase("0")]
    [TestCase("abc")]
    public async Task Days_out_of_range_is_a_400_problem_naming_days(string days)
    {
        var site = await CreateSiteAsync("Golden", 100);

        var response = await Reader.GetAsync($"/api/v1/sites/{site.Id}/performance.csv?days={days}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "days" }));
    }

    [Test]
    public async Task The_csv_of_an_unknown_site_is_a_404_problem()
    {
        var response = await Reader.GetAsync("/api/v1/sites/424242/performance.csv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
