using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// A hostile-input sweep generated from the served OpenAPI document (<see cref="HostileCases"/>): every operation,
/// parameter, body property and form field, sent with the admin key (so authorization hides nothing) to a real Kestrel
/// listener, each with a timeout. Nothing may answer 5xx or hang; a 4xx is a problem document and wrote no row; a 2xx
/// (the hostile value was valid input, such as unicode in a name) stored no control character, NaN or infinity.
/// No operation is skipped: the one that starts long work, POST /admin/retrain, only enqueues it here (the test host
/// runs no Hangfire workers).
/// </summary>
[NonParallelizable]
public sealed class HostileSweepTests
{
    private const string DeviceId = "sweep-inv-1";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    // The tables the API writes. The audit log is left out: it records refused admin requests by design.
    private static readonly string[] WrittenTables =
    [
        "sites.sites", "collection.observations", "validation.quarantine", "training.model_versions", "training.training_runs",
        "devices.devices", "devices.readings", "prediction.forecasts", "prediction.experiments", "hangfire.job",
    ];

    // Stored values must be clean. The quarantine is left out: it keeps refused input as it came, by design.
    private static readonly string[] CleanTables = ["sites.sites", "collection.observations", "training.model_versions", "devices.devices", "prediction.forecasts"];

    private const string EvalCsv = "timestamp,power_kw,ghi,dni,dhi,ghi_clear,temp_c,wind_speed_10m,wind_speed_hub,wind_dir,pressure_hpa,rel_humidity\n"
        + "2024-05-01T10:00:00Z,12.5,500,,,,18,,,,,\n";

    private SolarSyncApp app = null!;
    private HttpClient admin = null!;
    private JsonObject document = null!;
    private string countRows = null!;
    private string findUnclean = null!;
    private long siteId;
    private int serial;

    [OneTimeSetUp]
    public async Task StartWithOnePlantAndDeviceAsync()
    {
        // A small import limit, so that the oversized form is 2 MiB like the oversized JSON.
        app = await SolarSyncApp.StartOnKestrelAsync(new Dictionary<string, string?> { ["Collection:MaxImportMegabytes"] = "1" });
        await app.ResetAsync();
        admin = new HttpClient { BaseAddress = app.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        admin.DefaultRequestHeaders.Add("X-Api-Key", SolarSyncApp.AdminKey);

        var site = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Sweep Golden", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });
        Assert.That(site.StatusCode, Is.EqualTo(HttpStatusCode.Created), await site.Content.ReadAsStringAsync());
        siteId = (await site.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var device = await admin.PostAsJsonAsync("/api/iot/devices/register", new { device_id = DeviceId, device_type = "solar_inverter", site_id = siteId });
        Assert.That(device.StatusCode, Is.EqualTo(HttpStatusCode.Created), await device.Content.ReadAsStringAsync());

        document = (await admin.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        countRows = "SELECT ARRAY[" + string.Join(", ", WrittenTables.Select(t => $"(SELECT count(*) FROM {t})")) + "]";
        findUnclean = await UncleanValuesQueryAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        admin.Dispose();
        // Accepted requests queued jobs (retrains) that no worker of this host runs: a later host with workers would.
        await app.ResetAsync();
        await app.DisposeAsync();
    }

    [Test]
    public async Task Every_hostile_request_is_a_problem_or_valid_input_and_a_refused_one_writes_nothing()
    {
        var cases = new HostileCases(document, ValidParameter, ValidBody, () => Encoding.UTF8.GetBytes(EvalCsv)).All().ToList();
        var operations = document["paths"]!.AsObject().Sum(p => p.Value!.AsObject().Count);
        var statuses = new SortedDictionary<int, int>();
        var violations = new List<string>();
        var reported = new HashSet<string>();

        var watch = Stopwatch.StartNew();
        foreach (var hostile in cases)
            violations.AddRange(await CheckAsync(hostile, statuses, reported));
        watch.Stop();

        TestContext.Out.WriteLine($"{cases.Count} requests to {operations} operations in {watch.Elapsed.TotalSeconds:0.0} s; answers: "
            + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.That(cases.Select(c => c.Operation).Distinct().Count(), Is.EqualTo(operations), "every operation of the document is swept");
        Assert.That(violations, Is.Empty, $"{violations.Count} of {cases.Count}:\n" + string.Join('\n', violations.Take(60)));
    }

    [Test]
    public async Task An_oversized_body_is_a_413_problem_and_writes_nothing()
    {
        var padding = new string('x', 2 * 1024 * 1024);
        var cases = new HostileCases(document, ValidParameter, ValidBody, () => Encoding.UTF8.GetBytes(EvalCsv)).JsonBodyOperations()
            .Select(op => new HostileCase($"{op.Method} {op.Url}", "body", "2 MiB", op.Method, op.Url,
                Encoding.UTF8.GetBytes($"{{\"name\":\"{padding}\"}}"), "application/json"))
            .Append(OversizedImport(padding))
            .ToList();
        var statuses = new SortedDictionary<int, int>();
        var violations = new List<string>();

        foreach (var hostile in cases)
            violations.AddRange(await CheckAsync(hostile, statuses, []));

        Assert.That(cases, Has.Count.GreaterThanOrEqualTo(4), "the JSON operations and the import");
        Assert.That(violations, Is.Empty, string.Join('\n', violations));
        Assert.That(statuses.Keys, Is.EqualTo(new[] { 413 }), string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
    }

    private HostileCase OversizedImport(string padding)
    {
        using var form = new MultipartFormDataContent("sweep-boundary")
        {
            { new StringContent("eval"), "format" },
            { new StringContent(siteId.ToString(CultureInfo.InvariantCulture)), "site_id" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(EvalCsv + padding)), "file", "big.csv" },
        };
        return new HostileCase("POST /admin/import", "file", "2 MiB", "POST", "/admin/import",
            form.ReadAsByteArrayAsync().GetAwaiter().GetResult(), form.Headers.ContentType!.ToString());
    }

    private async Task<List<string>> CheckAsync(HostileCase hostile, SortedDictionary<int, int> statuses, HashSet<string> reported)
    {
        var before = await CountRowsAsync();
        HttpResponseMessage response;
        string body;
        using (var timeout = new CancellationTokenSource(RequestTimeout))
        {
            try
            {
                using var request = hostile.ToRequest();
                response = await admin.SendAsync(request, timeout.Token);
                body = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return [$"{hostile}: no answer within {RequestTimeout.TotalSeconds:0} s"];
            }
            catch (HttpRequestException e)
            {
                return [$"{hostile}: the connection failed ({e.Message})"];
            }
        }

        var status = (int)response.StatusCode;
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        if (status >= 500) return [$"{hostile}: {status} {Shorten(body)}"];
        var violations = new List<string>();
        if (status >= 400)
        {
            if (!RefusedByKestrel(response, body) && ProblemOf(response, body, status) is { } notAProblem)
                violations.Add($"{hostile}: {status} {notAProblem}");
            var after = await CountRowsAsync();
            var written = WrittenTables.Where((_, i) => after[i] != before[i]).ToList();
            if (written.Count > 0) violations.Add($"{hostile}: {status}, yet rows were written to {string.Join(", ", written)}");
        }
        else
        {
            foreach (var column in await UncleanColumnsAsync())
                if (reported.Add(column)) violations.Add($"{hostile}: {status}, and {column} now holds a control character, NaN or infinity");
        }
        return violations;
    }

    /// <summary>
    /// Kestrel refuses some request lines itself, before any middleware runs (a NUL in the path: "The path contains null
    /// characters"), with a bare 400. Such an answer lacks the header the host's pipeline puts on every response.
    /// </summary>
    private static bool RefusedByKestrel(HttpResponseMessage response, string body) =>
        response.StatusCode == HttpStatusCode.BadRequest && body.Length == 0 && !response.Headers.Contains("X-Content-Type-Options");

    /// <summary>Why the answer is not an RFC 7807 problem of this status; null when it is one.</summary>
    private static string? ProblemOf(HttpResponseMessage response, string body, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"answered as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {Shorten(body)}";
        try
        {
            var problem = JsonNode.Parse(body);
            if (string.IsNullOrWhiteSpace((string?)problem?["title"])) return "a problem without a title";
            if ((int?)problem?["status"] != status) return $"a problem whose status is {problem?["status"]}";
            return null;
        }
        catch (System.Text.Json.JsonException)
        {
            return $"a problem that is not JSON: {Shorten(body)}";
        }
    }

    private string ValidParameter(string path, string name) => name switch
    {
        "id" when path.StartsWith("/api/iot/devices", StringComparison.Ordinal) => DeviceId,
        "id" or "site_id" or "solar_site_id" => siteId.ToString(CultureInfo.InvariantCulture),
        "type" => "solar",
        "version" => "20250101T000000Z",
        "jobId" => "1",
        "location_lat" => "39.74",
        "location_lng" => "-105.18",
        "hours" => "6",
        "days" => "7",
        "from" => "2025-06-01",
        "to" => "2025-06-08",
        "lead" => "day-ahead",
        "action" => "site.create",
        "limit" or "page_size" => "10",
        "page" => "1",
        "force" => "false",
        "format" => "eval",
        "state" => "active",
        _ => throw new AssertionException($"The sweep knows no valid value of parameter '{name}' of {path}: add one to {nameof(ValidParameter)}."),
    };

    /// <summary>
    /// The valid bodies of the JSON operations, the document's example where it has one; names and device ids are new
    /// each time, so a case that is valid input is stored rather than refused as a duplicate of an earlier one.
    /// </summary>
    private JsonObject? ValidBody(string path, int variant)
    {
        var n = Interlocked.Increment(ref serial);
        return (path, variant) switch
        {
            ("/api/v1/sites", 0) => new JsonObject
            {
                ["name"] = $"Sweep PV {n}", ["type"] = "solar", ["latitude"] = 39.74, ["longitude"] = -105.18, ["capacity_kw"] = 100,
                ["tilt_deg"] = 30, ["azimuth_deg"] = 180, ["time_zone"] = "America/Denver", ["elevation_m"] = 1800,
            },
            ("/api/v1/sites", 1) => new JsonObject
            {
                ["name"] = $"Sweep WT {n}", ["type"] = "wind", ["latitude"] = 52.45, ["longitude"] = 13.53, ["capacity_kw"] = 2300, ["hub_height_m"] = 80,
                ["power_curve"] = new JsonArray(Point(3, 0), Point(12, 2300), Point(25, 2300)),
            },
            ("/api/iot/devices/register", 0) => WithFresh(Example(path), "device_id", $"sweep-dev-{n}", "name", $"Sweep device PV {n}"),
            ("/api/iot/devices/register", 1) => new JsonObject { ["device_id"] = $"sweep-dev-{n}", ["device_type"] = "solar_inverter", ["site_id"] = siteId },
            ("/admin/retrain", 0) => new JsonObject { ["type"] = "solar", ["site_id"] = siteId, ["families"] = new JsonArray("gbm") },
            ("/api/v1/forecast/solar", 0) => Example(path),
            ("/admin/experiments", 0) => new JsonObject { ["type"] = "solar", ["challenger_version"] = $"sweep-{n}", ["mode"] = "shadow" },
            ("/admin/experiments", 1) => new JsonObject
            {
                ["type"] = "wind", ["challenger_version"] = $"sweep-{n}", ["mode"] = "split", ["min_days"] = 7,
                ["split"] = new JsonObject
                {
                    ["strategy"] = "gradual",
                    ["ramp"] = new JsonObject { ["start_percent"] = 5, ["step_percent"] = 5, ["every_hours"] = 24, ["max_percent"] = 50 },
                },
                ["success"] = new JsonObject { ["metric"] = "rmse", ["min_improvement_pct"] = 3, ["alpha"] = 0.05 },
            },
            (_, 0) => throw new AssertionException($"The sweep knows no valid body of {path}: add one to {nameof(ValidBody)}."),
            _ => null,
        };

        static JsonObject Point(double speed, double kw) => new() { ["wind_speed_ms"] = speed, ["power_kw"] = kw };
    }

    private JsonObject Example(string path) =>
        document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]?.DeepClone().AsObject()
        ?? throw new AssertionException($"POST {path} lost its example.");

    private static JsonObject WithFresh(JsonObject body, params string[] namesAndValues)
    {
        for (var i = 0; i < namesAndValues.Length; i += 2) body[namesAndValues[i]] = namesAndValues[i + 1];
        return body;
    }

    private async Task<long[]> CountRowsAsync()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(countRows, conn);
        return (long[])(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> UncleanColumnsAsync()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return (await conn.QueryAsync<string>(findUnclean)).ToList();
    }

    /// <summary>One query naming every column of the clean tables that holds a control character, NaN or an infinity.</summary>
    private static async Task<string> UncleanValuesQueryAsync()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var columns = await conn.QueryAsync<StoredColumn>("""
            SELECT table_schema || '.' || table_name AS "Table", column_name AS "Column", udt_name AS "Type" FROM information_schema.columns
            WHERE table_schema || '.' || table_name = ANY(@tables) AND udt_name IN ('text', 'float8', '_float8', 'timestamptz')
            """, new { tables = CleanTables });
        var checks = columns.Select(c =>
        {
            var column = $"\"{c.Column}\"";
            var condition = c.Type switch
            {
                "text" => $"{column} ~ '[[:cntrl:]]'",
                "float8" => $"{column} IN ('NaN', 'Infinity', '-Infinity')",
                "_float8" => $"'NaN' = ANY({column}) OR 'Infinity' = ANY({column}) OR '-Infinity' = ANY({column})",
                _ => $"NOT isfinite({column})",
            };
            return $"SELECT '{c.Table}.{c.Column}' WHERE EXISTS (SELECT 1 FROM {c.Table} WHERE {condition})";
        }).ToList();
        Assert.That(checks, Has.Count.GreaterThan(10), "the clean tables' columns");
        return string.Join("\nUNION ALL ", checks);
    }

    private sealed class StoredColumn
    {
        public string Table { get; set; } = "";
        public string Column { get; set; } = "";
        public string Type { get; set; } = "";
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
