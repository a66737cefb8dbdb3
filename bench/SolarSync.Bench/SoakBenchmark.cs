using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Npgsql;

namespace SolarSync.Bench;

/// <summary>
/// soak: the host (Release, a child process on a fresh database, with its own Mosquitto) under mixed load for
/// --minutes (10): cached and uncached forecasts of the demo plants, meter CSV imports of known rows into a site of
/// their own, QoS 1 telemetry from the demo plants' devices, and one retrain half-way. Targets of the issue: zero 5xx
/// (and no failed connections), zero lost rows (imports and telemetry, counted in the database afterwards) and the
/// host's resident memory flat within 10 % after the warm-up (the first 20 % of the run), sampled every 10 s.
/// </summary>
internal static class SoakBenchmark
{
    private const double MaxMemoryRatio = 1.10;
    private const double WarmUpShare = 0.20;
    private const int ImportRows = 24;
    private const string CachedHours = "24";
    private static readonly TimeSpan MemoryEvery = TimeSpan.FromSeconds(10);

    // The load's pace: modest, for a 2-core machine shared with the database, the broker and this process.
    private static readonly TimeSpan CachedEvery = TimeSpan.FromMilliseconds(250), UncachedEvery = TimeSpan.FromMilliseconds(500),
        ImportEvery = TimeSpan.FromSeconds(10), TelemetryEvery = TimeSpan.FromMilliseconds(500);

    private sealed record Device(string Id, string Type, double CapacityKw);

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = double.Parse(BenchSupport.Option(args, "--minutes", "10"), CultureInfo.InvariantCulture);
        if (minutes <= 0) throw new ArgumentException("--minutes must be positive.");
        var database = BenchSupport.Option(args, "--database", "solarsync_soak");
        var root = BenchSupport.RepoRoot();
        var hostDll = BenchSupport.Option(args, "--host-dll", Path.Combine(root, ".local", "bench", "host", "SolarSync.Host.dll"));
        var port = int.Parse(BenchSupport.Option(args, "--port", BenchSupport.FreePort().ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var work = Directory.CreateDirectory(Path.Combine(root, ".local", "bench", database)).FullName;
        var models = Path.Combine(work, "models");
        if (Directory.Exists(models)) Directory.Delete(models, recursive: true);
        var duration = TimeSpan.FromMinutes(minutes);

        var connectionString = await BenchSupport.FreshDatabaseAsync(database);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var broker = await BenchBroker.StartAsync(work);
        var adminKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["ConnectionStrings__Redis"] = Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "",
            // Redis is shared with other runs: a key prefix of this run's own.
            ["Prediction__CacheKeyPrefix"] = "bench-soak-" + Guid.NewGuid().ToString("N")[..8],
            ["Auth__ApiKeys__soak__Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(adminKey))).ToLowerInvariant(),
            ["Auth__ApiKeys__soak__Role"] = "admin",
            ["Devices__Mqtt__Mode"] = "External",
            ["Devices__Mqtt__Host"] = "127.0.0.1",
            ["Devices__Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Devices__Mqtt__ClientId"] = "solarsync-soak-" + Guid.NewGuid().ToString("N")[..8],
            ["Devices__SeedDemoDevices"] = "true",
            ["Sites__SeedDemoSites"] = "true",
            ["Collection__BackfillAtStartup"] = "true",
            ["Collection__InitialHistoryDays"] = "60",
            ["Models__Path"] = models,
            // Tree models only: a retrain takes seconds to minutes here, not the networks' epochs.
            ["Training__HistoryDays"] = "60",
            ["Training__Families__0"] = "gbm",
            ["Training__AutoPromote"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak benchmark: {minutes:G} min of mixed load, {Environment.ProcessorCount} cores, host {hostDll} on port {port}, database {database}, own Mosquitto on port {broker.Port}"));
        await using var host = MeasuredHost.Start(hostDll, port, environment, Path.Combine(work, "soak-host.log"));
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);

        await WaitForReadyAsync(host, http);
        await WaitForHistoryAsync(host, dataSource);
        foreach (var type in new[] { "solar", "wind" })
        {
            var version = await TrainAsync(host, http, type);
            using var promoted = await http.PostAsync($"/admin/model/{type}/promote/{version}?force=true", null);
            if (!promoted.IsSuccessStatusCode) throw new InvalidOperationException($"Promoting {type}/{version} answered {(int)promoted.StatusCode}:\n{host.Tail()}");
            Console.WriteLine($"{type}: version {version} in Production");
        }

        List<(long Id, string Type)> sites;
        await using (var conn = await dataSource.OpenConnectionAsync())
            sites = (await conn.QueryAsync<(long Id, string Type)>("SELECT id, type FROM sites.sites ORDER BY id")).ToList();
        var devices = await DemoDevicesAsync(dataSource);
        var meterSite = await CreateMeterSiteAsync(http);
        Console.WriteLine($"load: forecasts of sites {string.Join(", ", sites.Select(s => $"{s.Id} ({s.Type})"))}; imports into site {meterSite}; " +
            $"telemetry from {string.Join(", ", devices.Select(d => d.Id))}; retrain of wind at {duration.TotalMinutes / 2:G} min");

        // The run's imports cover consecutive hours that end before now, each import its own.
        var imports = (long)Math.Ceiling(duration / ImportEvery) + 1;
        var now = DateTimeOffset.UtcNow;
        var load = new Load(http, new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-(imports + 2) * ImportRows));
        await using var telemetry = await Telemetry.ConnectAsync(broker.Port, devices);
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var memory = new List<MemorySample>();
        string? retrainJob = null;
        var loops = new List<Task>
        {
            Every(CachedEvery, stop.Token, i => load.GetAsync("forecast cached", $"/api/v1/sites/{sites[(int)(i % sites.Count)].Id}/forecast?hours={CachedHours}")),
            Every(UncachedEvery, stop.Token, i => UncachedAsync(load, sites, i)),
            Every(ImportEvery, stop.Token, i => load.ImportAsync(meterSite, ImportRows, i)),
            Every(TelemetryEvery, stop.Token, _ => telemetry.PublishAsync()),
            Every(MemoryEvery, stop.Token, async _ =>
                memory.Add(new MemorySample(clock.Elapsed, BenchSupport.ReadVmRssKb(host.ProcessId) / 1024, await GcCommittedMbAsync(http)))),
            Task.Run(async () =>
            {
                await Task.Delay(duration / 2, stop.Token);
                retrainJob = await load.RetrainAsync("wind");
            }, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default),
        };
        await Task.WhenAll(loops);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load stopped after {clock.Elapsed.TotalMinutes:F1} min; counting what was stored"));
        if (host.HasExited) throw new InvalidOperationException($"The host exited during the soak:\n{host.Tail()}");

        var retrain = retrainJob is null ? "not started" : await RetrainOutcomeAsync(http, retrainJob);
        var storedTelemetry = await WaitForTelemetryAsync(dataSource, devices, telemetry.Acked);
        await using var counts = await dataSource.OpenConnectionAsync();
        var storedImports = await counts.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM collection.observations WHERE site_id = @meterSite AND source = 'meter'", new { meterSite });
        var cache = await http.GetStringAsync("/monitoring/cache/stats");
        await host.StopAsync();

        return Report(load, memory, duration, load.ImportedRows, storedImports, telemetry, storedTelemetry, retrain, cache);
    }

    /// <summary>
    /// A forecast the cache cannot hold yet: each (site, horizon ≠ 24 h) once per cycle of all of them, and the cache is
    /// cleared at the end of each cycle, so the next cycle computes them again.
    /// </summary>
    private static async Task UncachedAsync(Load load, IReadOnlyList<(long Id, string Type)> sites, long i)
    {
        var horizons = Enumerable.Range(1, 168).Where(h => h.ToString(CultureInfo.InvariantCulture) != CachedHours).ToArray();
        var cycle = horizons.Length * sites.Count;
        var n = (int)(i % cycle);
        await load.GetAsync("forecast uncached", $"/api/v1/sites/{sites[n % sites.Count].Id}/forecast?hours={horizons[n / sites.Count]}");
        if (n == cycle - 1) await load.PostAsync("cache clear", "/monitoring/cache/clear", null);
    }

    /// <summary>Runs <paramref name="step"/> every <paramref name="period"/> until cancelled; a slow step delays the next (no pile-up).</summary>
    private static async Task Every(TimeSpan period, CancellationToken ct, Func<long, Task> step)
    {
        using var timer = new PeriodicTimer(period);
        for (long i = 0; ; i++)
        {
            await step(i);
            try
            {
                if (!await timer.WaitForNextTickAsync(ct)) return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record MemorySample(TimeSpan At, double RssMb, double GcCommittedMb);

    /// <summary>
    /// Memory the .NET GC holds (the runtime's own gauge on /metrics, answered to a loopback caller without a key), so
    /// resident memory can be split into managed and native (libtorch, LightGBM, glibc arenas). NaN when unreadable.
    /// </summary>
    private static async Task<double> GcCommittedMbAsync(HttpClient http)
    {
        const string gauge = "dotnet_gc_last_collection_memory_committed_size_bytes";
        try
        {
            var metrics = await http.GetStringAsync("/metrics");
            var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(gauge, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture) / (1024 * 1024);
        }
        catch (HttpRequestException)
        {
            return double.NaN;
        }
    }

    private static int Report(Load load, List<MemorySample> memory, TimeSpan duration, long importedRows, long storedImports,
        Telemetry telemetry, long storedTelemetry, string retrain, string cache)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("requests (count by status class)");
        Console.WriteLine(string.Create(inv, $"  {"kind",-18} {"2xx",7} {"3xx",5} {"4xx",5} {"5xx",5} {"failed",7}"));
        foreach (var (kind, counts) in load.ByKind.OrderBy(k => k.Key))
            Console.WriteLine(string.Create(inv, $"  {kind,-18} {counts[2],7} {counts[3],5} {counts[4],5} {counts[5],5} {counts[0],7}"));
        foreach (var sample in load.ServerErrors.Take(5)) Console.WriteLine($"  5xx: {sample}");
        Console.WriteLine($"  cache: {cache}");

        var lostImports = importedRows - storedImports;
        var lostTelemetry = telemetry.Acked - storedTelemetry;
        Console.WriteLine("rows");
        Console.WriteLine($"  imports:   {importedRows} sent, {storedImports} stored, {lostImports} lost");
        Console.WriteLine($"  telemetry: {telemetry.Acked} acknowledged by the broker ({telemetry.Refused} refused), {storedTelemetry} stored, {lostTelemetry} lost");
        Console.WriteLine($"retrain: {retrain}");

        var warmUp = TimeSpan.FromTicks((long)(duration.Ticks * WarmUpShare));
        var steady = memory.Where(m => m.At >= warmUp).Select(m => m.RssMb).ToList();
        Console.WriteLine("host resident memory (MB, every 10 s; * = warm-up, not judged)");
        Console.WriteLine("  " + string.Join(" ", memory.Select(m => string.Create(inv, $"{m.RssMb:F0}{(m.At < warmUp ? "*" : "")}"))));
        Console.WriteLine("of which the .NET GC holds (MB, committed at the last collection; the rest is native)");
        Console.WriteLine("  " + string.Join(" ", memory.Select(m => string.Create(inv, $"{m.GcCommittedMb:F0}"))));
        var ratio = steady.Count >= 2 ? steady.Max() / steady.Min() : double.NaN;
        Console.WriteLine(string.Create(inv, $"  after warm-up: min {steady.DefaultIfEmpty().Min():F0}, max {steady.DefaultIfEmpty().Max():F0}, max/min {ratio:F3} ({steady.Count} samples)"));

        var fiveXx = load.ByKind.Values.Sum(c => c[5]);
        var failed = load.ByKind.Values.Sum(c => c[0]);
        var targets = new (string Name, bool Pass)[]
        {
            ($"zero 5xx and zero failed requests ({fiveXx} 5xx, {failed} failed)", fiveXx == 0 && failed == 0),
            ($"zero lost rows (imports {lostImports} lost, telemetry {lostTelemetry} lost, {telemetry.Refused} refused by the broker)", lostImports == 0 && lostTelemetry == 0 && telemetry.Refused == 0),
            (string.Create(inv, $"memory flat after warm-up: max/min {ratio:F3} <= {MaxMemoryRatio:F2}"), ratio <= MaxMemoryRatio),
            ($"the retrain finished: {retrain}", retrain.StartsWith("Succeeded", StringComparison.Ordinal)),
        };
        Console.WriteLine();
        foreach (var (name, pass) in targets) Console.WriteLine($"{(pass ? "PASS" : "FAIL")}  {name}");
        return targets.All(t => t.Pass) ? 0 : 1;
    }

    private static async Task WaitForReadyAsync(MeasuredHost host, HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (host.HasExited) throw new InvalidOperationException($"The host exited at start-up:\n{host.Tail()}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(500);
        }

        throw new TimeoutException($"The host was not ready within 3 minutes:\n{host.Tail()}");
    }

    /// <summary>Waits until the start-up backfill has stored the demo plants' 60 days of simulated output.</summary>
    private static async Task WaitForHistoryAsync(MeasuredHost host, NpgsqlDataSource dataSource)
    {
        var deadline = Stopwatch.StartNew();
        await using var conn = await dataSource.OpenConnectionAsync();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (host.HasExited) throw new InvalidOperationException($"The host exited:\n{host.Tail()}");
            var hours = await conn.QueryAsync<long>("""
                SELECT count(o.ts) FROM sites.sites s LEFT JOIN collection.observations o ON o.site_id = s.id AND o.power_kw IS NOT NULL GROUP BY s.id
                """);
            if (hours.Count() >= 2 && hours.All(h => h >= 24 * 58)) return;
            await Task.Delay(1000);
        }

        throw new TimeoutException($"The demo plants' history was not stored within 5 minutes:\n{host.Tail()}");
    }

    private static async Task<string> TrainAsync(MeasuredHost host, HttpClient http, string type)
    {
        using var queued = await http.PostAsJsonAsync("/admin/retrain", new { type });
        var job = (string)(await queued.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!;
        var outcome = await RetrainOutcomeAsync(http, job);
        if (!outcome.StartsWith("Succeeded", StringComparison.Ordinal)) throw new InvalidOperationException($"The {type} retrain ended {outcome}:\n{host.Tail()}");
        return outcome.Split(' ')[2];
    }

    /// <summary>Waits (up to 10 minutes) for a retrain job to end: "Succeeded version …" or its state and error.</summary>
    private static async Task<string> RetrainOutcomeAsync(HttpClient http, string jobId)
    {
        var deadline = Stopwatch.StartNew();
        JsonObject status;
        do
        {
            await Task.Delay(1000);
            status = (await http.GetFromJsonAsync<JsonObject>($"/admin/retrain/{jobId}"))!;
        }
        while ((string?)status["state"] is not ("Succeeded" or "Failed" or "Deleted") && deadline.Elapsed < TimeSpan.FromMinutes(10));
        return (string?)status["state"] == "Succeeded"
            ? $"Succeeded version {status["version"]} (job {jobId}, {status["outcome"]})"
            : $"{status["state"]} (job {jobId}: {status["error"]})";
    }

    private static async Task<List<Device>> DemoDevicesAsync(NpgsqlDataSource dataSource)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        var devices = (await conn.QueryAsync<(string DeviceId, string Type, double CapacityKw)>("""
            SELECT d.device_id, s.type, s.capacity_kw FROM devices.devices d JOIN sites.sites s ON s.id = d.site_id ORDER BY d.device_id
            """)).Select(d => new Device(d.DeviceId, d.Type, d.CapacityKw)).ToList();
        return devices.Count > 0 ? devices : throw new InvalidOperationException("The host registered no demo devices (Devices:SeedDemoDevices).");
    }

    private static async Task<long> CreateMeterSiteAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/sites",
            new JsonObject { ["name"] = "Soak meter PV", ["type"] = "solar", ["latitude"] = 39.5, ["longitude"] = -105.5, ["capacity_kw"] = 500 });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/v1/sites answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    /// <summary>Polls the demo devices' stored readings until all acknowledged ones are in, or the count stops growing for 30 s.</summary>
    private static async Task<long> WaitForTelemetryAsync(NpgsqlDataSource dataSource, IReadOnlyList<Device> devices, long acked)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        var ids = devices.Select(d => d.Id).ToArray();
        var (stored, lastProgress) = (-1L, Stopwatch.StartNew());
        while (lastProgress.Elapsed < TimeSpan.FromSeconds(30))
        {
            var count = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM devices.readings WHERE device_id = ANY(@ids)", new { ids });
            if (count >= acked) return count;
            if (count != stored) lastProgress.Restart();
            stored = count;
            await Task.Delay(200);
        }

        return stored;
    }

    /// <summary>The HTTP side of the load: every request counted by kind and status class (0 = no answer).</summary>
    private sealed class Load(HttpClient http, DateTimeOffset importsFrom)
    {
        private long importedRows;

        public ConcurrentDictionary<string, long[]> ByKind { get; } = new();

        public ConcurrentQueue<string> ServerErrors { get; } = new();

        public long ImportedRows => Interlocked.Read(ref importedRows);

        public Task GetAsync(string kind, string path) => SendAsync(kind, () => http.GetAsync(path));

        public Task PostAsync(string kind, string path, HttpContent? content) => SendAsync(kind, () => http.PostAsync(path, content));

        /// <summary>A meter file of <paramref name="rows"/> hourly readings, import <paramref name="n"/>: hours no other import of the run covers.</summary>
        public Task ImportAsync(long siteId, int rows, long n)
        {
            var first = importsFrom.AddHours(n * rows);
            var csv = new StringBuilder("timestamp,active_power_kw\n");
            for (var r = 0; r < rows; r++)
                csv.Append(CultureInfo.InvariantCulture, $"{first.AddHours(r):yyyy-MM-ddTHH:mm:ssZ},{(n * rows + r) % 50 * 5.5:F1}\n");
            Interlocked.Add(ref importedRows, rows);
            var form = new MultipartFormDataContent
            {
                { new StringContent("meter"), "format" },
                { new StringContent(siteId.ToString(CultureInfo.InvariantCulture)), "site_id" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", $"soak-{n}.csv" },
            };
            return SendAsync("import", () => http.PostAsync("/admin/import", form));
        }

        public async Task<string?> RetrainAsync(string type)
        {
            using var response = await http.PostAsJsonAsync("/admin/retrain", new { type });
            Count("retrain request", (int)response.StatusCode / 100);
            return response.IsSuccessStatusCode ? (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"] : null;
        }

        private async Task SendAsync(string kind, Func<Task<HttpResponseMessage>> send)
        {
            try
            {
                using var response = await send();
                var statusClass = (int)response.StatusCode / 100;
                if (statusClass == 5) ServerErrors.Enqueue($"{kind} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Count(kind, statusClass);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                ServerErrors.Enqueue($"{kind}: {e.Message}");
                Count(kind, 0);
            }
        }

        private void Count(string kind, int statusClass) => Interlocked.Increment(ref ByKind.GetOrAdd(kind, _ => new long[6])[statusClass]);
    }

    /// <summary>One MQTT client publishing, at QoS 1, one reading of each demo device per call, stamped with the time of publishing.</summary>
    private sealed class Telemetry(IMqttClient client, IReadOnlyList<Device> devices) : IAsyncDisposable
    {
        private readonly long[] lastMs = new long[devices.Count];
        private long acked, refused, sent;

        public long Acked => Interlocked.Read(ref acked);
        public long Refused => Interlocked.Read(ref refused);

        public static async Task<Telemetry> ConnectAsync(int port, IReadOnlyList<Device> devices)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", port)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId("soak-devices-" + Guid.NewGuid().ToString("N")[..6])
                .WithCleanStart(true)
                .Build());
            return new Telemetry(client, devices);
        }

        public async Task PublishAsync()
        {
            for (var d = 0; d < devices.Count; d++)
            {
                var device = devices[d];
                // Readings of one device are stored once per timestamp: never two in the same millisecond.
                var ms = lastMs[d] = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), lastMs[d] + 1);
                var powerKw = device.CapacityKw * 0.1 * (1 + sent++ % 5);
                var payload = string.Create(CultureInfo.InvariantCulture,
                    $"{{\"timestamp\":\"{DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fff}Z\",\"power_kw\":{powerKw:F1}}}");
                try
                {
                    var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                        .WithTopic($"{device.Type}/{device.Id}/data")
                        .WithPayload(Encoding.UTF8.GetBytes(payload))
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build());
                    Interlocked.Increment(ref result.IsSuccess ? ref acked : ref refused);
                }
                catch (MQTTnet.Exceptions.MqttCommunicationException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (client.IsConnected) await client.DisconnectAsync();
            client.Dispose();
        }
    }
}
