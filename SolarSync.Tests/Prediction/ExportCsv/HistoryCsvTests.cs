using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SolarSync.Tests.Prediction.GetHistory;

namespace SolarSync.Tests.Prediction.ExportCsv;

/// <summary>GET /api/v1/sites/{id}/history.csv against the JSON of the same query.</summary>
public sealed class HistoryCsvTests : PredictionHost
{
    private static readonly string[] Columns =
        ["timestamp", "observed_kw", "ghi", "temp_c", "wind_speed_hub", "quality_flags", "imputed", "p50", "p10", "p90", "issued_at", "lead_hours", "model_version"];

    [TestCase("day-ahead")]
    [TestCase("6h")]
    [TestCase("latest")]
    public async Task The_csv_matches_the_json_column_by_column(string lead)
    {
        var site = await KnownHistory.StoreAsync(this);
        var query = $"{KnownHistory.Range}&lead={lead}";

        var json = (await Reader.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{site.Id}/history?{query}"))!;
        var csv = await CsvAssert.ReadDownloadAsync(await Reader.GetAsync($"/api/v1/sites/{site.Id}/history.csv?{query}"), $"site-{site.Id}-history");

        Assert.That(csv[0], Is.EqualTo(Columns));
        CsvAssert.RowsMatch(csv, json["hours"]!.AsArray().Select(h => h!.AsObject()).ToList());
    }

    [Test]
    public async Task Rows_are_written_as_rfc_4180_text_with_utc_timestamps_and_empty_nulls()
    {
        var site = await KnownHistory.StoreAsync(this);

        var response = await Reader.GetAsync($"/api/v1/sites/{site.Id}/history.csv?{KnownHistory.Range}&lead=6h");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo(string.Join(',', Columns)));
            Assert.That(lines[1], Does.StartWith("2025-06-10T10:00:00Z,42,600,20,4.16").And.EndWith(",above_clear_sky|flatliner,false,306,296,316,2025-06-10T04:00:00Z,6,v1"));
            Assert.That(lines[2], Is.EqualTo("2025-06-10T11:00:00Z,30.5,500,21.25,5,,true,506,496,516,2025-06-10T05:00:00Z,6,v2"));
            Assert.That(lines[3], Is.EqualTo("2025-06-10T12:00:00Z,,,,,,false,507,497,517,2025-06-10T05:00:00Z,7,v2"));
            Assert.That(lines[4], Is.Empty, "the last row ends with a line break");
            Assert.That(lines, Has.Length.EqualTo(5));
            Assert.That(response.Content.Headers.ContentDisposition!.FileName, Is.EqualTo($"site-{site.Id}-history-20250610T10Z-20250610T13Z-6h.csv"));
        });
    }

    [TestCase("from=2025-06-10&to=2025-06-10", "to")]
    [TestCase("from=2025-01-01&to=2025-06-01", "to")]
    [TestCase("from=abc", "from")]
    [TestCase("lead=week", "lead")]
    public async Task The_csv_checks_the_query_like_the_json(string query, string field)
    {
        var site = await CreateSiteAsync("Golden", 100);

        var response = await Reader.GetAsync($"/api/v1/sites/{site.Id}/history.csv?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
    }

    [Test]
    public async Task The_csv_of_an_unknown_site_is_a_404_problem()
    {
        var response = await Reader.GetAsync("/api/v1/sites/424242/history.csv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }
}
