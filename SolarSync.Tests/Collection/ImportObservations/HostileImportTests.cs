using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.IngestObservations;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.ImportObservations;

/// <summary>Input that used to answer 500 or store empty rows: each is now a quarantined row with a reason, never a partial write.</summary>
public sealed class HostileImportTests : HostTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Collection:IngestBatchSize"] = "100" };

    private const string Header = "timestamp,power_kw,ghi,dni,dhi,ghi_clear,temp_c,wind_speed_10m,wind_speed_hub,wind_dir,pressure_hpa,rel_humidity\n";
    private long siteId;

    [SetUp]
    public async Task OneSiteAsync()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", new { name = "Hostile PV", type = "solar", latitude = 40.5, longitude = -105, capacity_kw = 100 });
        siteId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    [Test]
    public async Task A_nul_byte_inside_a_field_is_quarantined_and_every_valid_row_is_stored()
    {
        var csv = Header + "2024-05-01T10:00:00Z,12.5,500,,,,18,,,,,\n" + "2024-05-01T11:00:00Z,1\0 3,520,,,,19,,,,,\n" + "2024-05-01T12:00:00Z,13,530,,,,20,,,,,\n";

        var response = await ImportAsync(csv);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await CountAsync("SELECT count(*) FROM collection.observations WHERE site_id = @siteId AND NOT imputed"), Is.EqualTo(2));
        var raw = await ScalarAsync<string>("SELECT raw_payload FROM validation.quarantine WHERE site_id = @siteId");
        Assert.That(raw, Does.Contain("2024-05-01T11:00:00Z").And.Contain("1\u2400 3"));
        Assert.That(raw.Contains('\0'), Is.False);
    }

    // Rows must come in time order, so the earliest time leads the file and the latest ends it.
    [TestCase("0001-01-01T00:00:00Z", true)]
    [TestCase("9999-12-31T23:00:00Z", false)]
    public async Task A_timestamp_at_the_ends_of_the_calendar_is_quarantined_not_a_server_error(string timestamp, bool first)
    {
        var bad = $"{timestamp},12.5,500,,,,18,,,,,\n";
        const string good = "2024-05-01T12:00:00Z,13,530,,,,20,,,,,\n";
        var csv = Header + (first ? bad + good : good + bad);

        var response = await ImportAsync(csv);

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(await CountAsync("SELECT count(*) FROM collection.observations WHERE site_id = @siteId"), Is.EqualTo(1), body);
        var reasons = await ScalarAsync<string[]>("SELECT reasons FROM validation.quarantine WHERE site_id = @siteId");
        Assert.That(reasons, Has.Some.StartsWith("range:timestamp"));
    }

    [TestCase("NaN,,,,,,,,,,")]
    [TestCase(",,,,,,,,,,")]
    public async Task A_row_without_any_value_is_quarantined_rather_than_stored_empty(string values)
    {
        var csv = Header + $"2024-05-01T10:00:00Z,{values}\n" + "2024-05-01T11:00:00Z,13,530,,,,20,,,,,\n";

        var response = await ImportAsync(csv);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await CountAsync("SELECT count(*) FROM collection.observations WHERE site_id = @siteId"), Is.EqualTo(1));
        var reasons = await ScalarAsync<string[]>("SELECT reasons FROM validation.quarantine WHERE site_id = @siteId");
        Assert.That(reasons, Has.Some.StartsWith("empty"));
    }

    [Test]
    public async Task Rejections_are_written_as_they_come_not_held_to_the_end_of_the_input()
    {
        // Batches of 100 (this fixture's Collection:IngestBatchSize): after 250 unreadable rows the input waits until the
        // quarantine holds the first 200, which it only does if rejections leave in batches.
        var site = (await App.Services.GetRequiredService<ISiteDirectory>().FindAsync(siteId, CancellationToken.None))!;
        long seenMidway = -1;
        async IAsyncEnumerable<Parsed> Input()
        {
            for (var i = 0; i < 500; i++)
            {
                if (i == 250)
                {
                    var deadline = DateTime.UtcNow.AddSeconds(10);
                    while ((seenMidway = await CountAsync("SELECT count(*) FROM validation.quarantine WHERE site_id = @siteId")) < 200 && DateTime.UtcNow < deadline)
                        await Task.Delay(50);
                }
                yield return Parsed.Reject(new Rejection("eval-csv", siteId, $"line {i}", ["unreadable: test"]));
            }
        }

        var result = await App.Services.GetRequiredService<ObservationIngestor>()
            .IngestAsync(site, "import", "eval-csv", Input(), null, null, CancellationToken.None);

        Assert.That(seenMidway, Is.GreaterThanOrEqualTo(200), "quarantined before the input ended");
        Assert.That(result.Rejected, Is.EqualTo(500));
        Assert.That(await CountAsync("SELECT count(*) FROM validation.quarantine WHERE site_id = @siteId"), Is.EqualTo(500));
    }

    private Task<HttpResponseMessage> ImportAsync(string csv)
    {
        var form = new MultipartFormDataContent { { new StringContent("eval"), "format" }, { new StringContent(siteId.ToString()), "site_id" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "upload.csv");
        return Admin.PostAsync("/admin/import", form);
    }

    private async Task<long> CountAsync(string sql) => await ScalarAsync<long>(sql);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return (await conn.ExecuteScalarAsync<T>(sql, new { siteId }))!;
    }
}
