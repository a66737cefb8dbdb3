using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.ImportObservations;

public sealed class ImportEndpointTests : HostTest
{
    private long siteId;

    [SetUp]
    public async Task OneSite()
    {
        // The PSM3 fixture is for 40.53 N 108.54 W at 2168 m.
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", new
        {
            name = "Craig PV", type = "solar", latitude = 40.53, longitude = -108.54, capacity_kw = 1000, elevation_m = 2168,
        });
        siteId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Collection", "Import", "Fixtures", name));

    private Task<HttpResponseMessage> Import(string format, string csv, long? site = null, HttpClient? client = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(format), "format" },
            { new StringContent((site ?? siteId).ToString()), "site_id" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "upload.csv");
        return (client ?? Admin).PostAsync("/admin/import", form);
    }

    private static async Task<long> Count(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    [Test]
    public async Task A_psm3_file_is_stored_as_hourly_means_and_importing_it_twice_adds_nothing()
    {
        var first = await Import("psm3", Fixture("psm3-30min-utc.csv"));
        var firstBody = await first.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), firstBody?.ToJsonString());
        var stored = await Count("SELECT count(*) FROM collection.observations WHERE site_id = @siteId AND source = 'psm3'", new { siteId });

        var second = await Import("psm3", Fixture("psm3-30min-utc.csv"));
        var secondRun = (await second.Content.ReadFromJsonAsync<JsonObject>())!["run"]!;

        // 17:00 UTC on 2017-06-01 averages the 17:00 and 17:30 rows: GHI (600 + 650) / 2 = 625 W/m².
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var ghi = await conn.ExecuteScalarAsync<double>(
            "SELECT ghi FROM collection.observations WHERE site_id = @siteId AND ts = '2017-06-01T17:00:00Z'", new { siteId });
        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.GreaterThan(0));
            Assert.That(firstBody!["run"]!["written"]!.GetValue<int>(), Is.EqualTo(stored));
            Assert.That(secondRun["written"]!.GetValue<int>(), Is.Zero);
            Assert.That(ghi, Is.EqualTo(625).Within(1e-9));
        });
        Assert.That(await Count("SELECT count(*) FROM collection.observations WHERE site_id = @siteId", new { siteId }), Is.EqualTo(stored));
        Assert.That(await Count("SELECT count(*) FROM collection.collection_runs WHERE outcome = 'succeeded' AND kind = 'import'"), Is.EqualTo(2));
    }

    [Test]
    public async Task Bad_rows_are_quarantined_once_with_their_reasons_and_good_rows_are_kept()
    {
        const string csv = "timestamp,power_kw,ghi,dni,dhi,ghi_clear,temp_c,wind_speed_10m,wind_speed_hub,wind_dir,pressure_hpa,rel_humidity\n" +
                           "2024-05-01T10:00:00Z,12.5,500,,,700,18,,,,,\n" +
                           "2024-05-01T11:00:00Z,abc,520,,,720,19,,,,,\n" +
                           "2024-05-01T12:00:00Z,13.0,2500,,,730,20,,,,,\n" +
                           "2024-05-01T13:00:00Z,13.5,530,,,700,20,,,,,\n";
        var first = await Import("eval", csv);
        await Import("eval", csv);
        var run = (await first.Content.ReadFromJsonAsync<JsonObject>())!["run"]!;

        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var quarantined = (await conn.QueryAsync<(string Raw, string[] Reasons)>(
            "SELECT raw_payload, reasons FROM validation.quarantine WHERE site_id = @siteId ORDER BY id", new { siteId })).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run["rejected"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(quarantined, Has.Count.EqualTo(2), "re-importing adds no duplicate to quarantine");
            Assert.That(quarantined.SelectMany(q => q.Reasons), Has.Some.Contains("abc"));
            Assert.That(quarantined.SelectMany(q => q.Reasons), Has.Some.StartsWith("range:ghi"));
            Assert.That(quarantined.Select(q => q.Raw), Has.Some.Contains("2500"));
        });
        // The 11:00 and 12:00 gap between accepted rows is 2 hours: filled and marked imputed.
        var rows = (await conn.QueryAsync<(DateTime Ts, bool Imputed)>(
            "SELECT ts, imputed FROM collection.observations WHERE site_id = @siteId ORDER BY ts", new { siteId })).ToList();
        Assert.That(rows.Select(r => r.Imputed), Is.EqualTo(new[] { false, true, true, false }));
    }

    [Test]
    public async Task A_file_with_the_wrong_header_is_a_400_problem_and_stores_nothing()
    {
        var response = await Import("psm3", "this,is,not\na,psm3,file\n");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await Count("SELECT count(*) FROM collection.observations"), Is.Zero);
    }

    [Test]
    public async Task Missing_or_wrong_fields_are_named_in_a_400_problem()
    {
        var response = await Admin.PostAsync("/admin/import", new MultipartFormDataContent { { new StringContent("xml"), "format" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key);
        Assert.That(errors, Is.EquivalentTo(new[] { "format", "site_id", "file" }));
    }

    [Test]
    public async Task An_unknown_site_is_a_404_problem()
    {
        var response = await Import("eval", "timestamp,power_kw\n", site: 999_999);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_reader_may_not_import()
    {
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);
        var response = await Import("psm3", Fixture("psm3-30min-utc.csv"), client: reader);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_data_quality_report_shows_the_imported_days()
    {
        await Import("psm3", Fixture("psm3-30min-utc.csv"));
        var report = await Admin.GetFromJsonAsync<JsonObject>($"/monitoring/data-quality/report?site_id={siteId}&from=2017-01-01&to=2017-12-31");
        Assert.Multiple(() =>
        {
            Assert.That(report!["days"]!.AsArray(), Is.Not.Empty);
            Assert.That(report["summary"]!["score"]!.GetValue<double>(), Is.InRange(0.0, 1.0));
            Assert.That(report["summary"]!["rows_accepted"]!.GetValue<int>(), Is.GreaterThan(0));
            Assert.That(report["worst_days"]!.AsArray(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task A_report_range_that_ends_before_it_starts_is_a_400_naming_from()
    {
        var response = await Admin.GetAsync("/monitoring/data-quality/report?from=2024-02-01&to=2024-01-01");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Does.Contain("from"));
    }
}
