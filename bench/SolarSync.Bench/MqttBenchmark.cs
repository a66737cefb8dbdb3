using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Npgsql;
using SolarSync.Modules.Shared.Database;

namespace SolarSync.Bench;

/// <summary>
/// mqtt: telemetry ingestion over MQTT, on a Mosquitto of the benchmark's own. N publishers send M QoS 1 readings of the
/// device protocol ({"timestamp","power_kw"} on solar/{device_id}/data, D devices) as fast as the broker takes them, each
/// keeping 100 publishes in flight. Baseline, the ceiling of broker and client: a plain MQTTnet subscriber that only
/// counts (QoS 1, acknowledged on receipt). Then the host (Release, a child process on a fresh database) takes the same
/// load and stores it: throughput until the last reading is in devices.readings, zero loss (count and checksum of
/// power_kw), publish-to-stored latency (stored_at − the reading's timestamp, which is its publish time), the host's peak
/// memory and the CPU split between the processes. The burst's latency is mostly queueing, so a steady phase follows on
/// the same host and devices: a fixed rate (--rate msg/s for --paced-seconds, paced every 10 ms), and the same
/// measurements for its readings only.
/// </summary>
internal static class MqttBenchmark
{
    private const string DevicePrefix = "bench-";
    private const string WarmUpPrefix = "warmup-";
    private const int WarmUpDevices = 10;
    private const int DevicesPerSite = 10;

    // Publishes in flight per publisher, each waiting for its PUBACK.
    private const int Window = 100;

    // Targets of the issue, on this 2-core machine: the burst's throughput, and the steady phase's p95 latency.
    private const double TargetPerSecond = 5000;
    private const double SteadyTargetP95Ms = 1000;

    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var load = MqttLoad.Parse(args);
        var database = BenchSupport.Option(args, "--database", "solarsync_bench_mqtt");
        var root = BenchSupport.RepoRoot();
        var hostDll = BenchSupport.Option(args, "--host-dll", Path.Combine(root, ".local", "bench", "host", "SolarSync.Host.dll"));
        var work = Directory.CreateDirectory(Path.Combine(root, ".local", "bench")).FullName;
        var clock = Stopwatch.StartNew();

        var connectionString = await BenchSupport.FreshDatabaseAsync(database);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new DatabaseMigrator(dataSource, Options.Create(new DatabaseOptions { ConnectionString = connectionString, MigrationsPath = Path.Combine(root, "db") }),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync();

        await using var broker = await BenchBroker.StartAsync(work);
        Console.WriteLine($"mqtt benchmark: {load.Messages:N0} QoS 1 messages from {load.Devices} devices over {load.Publishers} publishers ({Window} in flight each), " +
            $"{Environment.ProcessorCount} cores, own Mosquitto on port {broker.Port}, database {database}; warm-up {load.WarmUp:N0} messages before each phase; " +
            string.Create(CultureInfo.InvariantCulture, $"then steady {load.Rate:N0} msg/s for {load.PacedSeconds:N0} s ({load.SteadyMessages:N0} messages)"));

        var baseline = await BaselineAsync(broker, load.Messages, load.Devices, load.Publishers, load.WarmUp, database);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline: {baseline.ReceivedPerSecond:N0} msg/s received"));
        var (host, steady) = await HostAsync(hostDll, work, connectionString, database, dataSource, broker, load);

        Report(baseline, host, steady, clock.Elapsed);
        return host.Loss.ZeroLoss && steady.Loss.ZeroLoss ? 0 : 1;
    }

    /// <summary>The command's load: the burst (messages, devices, publishers, warm-up) and the steady phase's rate and length.</summary>
    private sealed record MqttLoad(int Messages, int Devices, int Publishers, int WarmUp, double Rate, double PacedSeconds)
    {
        public int SteadyMessages => (int)Math.Round(Rate * PacedSeconds);

        public static MqttLoad Parse(string[] args)
        {
            int Int(string name, string fallback) => int.Parse(BenchSupport.Option(args, name, fallback), CultureInfo.InvariantCulture);
            double Number(string name, string fallback) => double.Parse(BenchSupport.Option(args, name, fallback), CultureInfo.InvariantCulture);
            var (messages, devices) = (Int("--messages", "100000"), Int("--devices", "100"));
            // Each publisher owns whole devices, so a device's timestamps never repeat across connections.
            var publishers = Math.Min(devices, Int("--publishers", "4"));
            if (messages < 1 || devices < 1 || publishers < 1) throw new ArgumentException("--messages, --devices and --publishers must be at least 1.");
            var load = new MqttLoad(messages, devices, publishers, Math.Clamp(messages / 10, 100, 5000), Number("--rate", "5000"), Number("--paced-seconds", "15"));
            if (load.Rate <= 0 || load.SteadyMessages < 1) throw new ArgumentException("--rate and --paced-seconds must give at least one message.");
            return load;
        }
    }

    /// <summary>What one phase's publishers did: from the first publish to the last PUBACK.</summary>
    private sealed record PublishRun(long Acked, long Refused, TimeSpan Elapsed)
    {
        public double PerSecond => Acked / Elapsed.TotalSeconds;
    }

    /// <summary>CPU seconds used so far by each party, and by the machine (all cores).</summary>
    private sealed record CpuSample(double Bench, double Broker, double Host, double Postgres, double MachineBusy, double MachineTotal)
    {
        public static CpuSample Take(int brokerPid, int? hostPid, string database)
        {
            var (busy, total) = CpuTime.OfMachine();
            return new CpuSample(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, CpuTime.OfProcess(brokerPid),
                hostPid is { } pid ? CpuTime.OfProcess(pid) : 0, CpuTime.OfPostgres(database), busy, total);
        }

        /// <summary>Percent of one core used by each party over <paramref name="wall"/>, and the machine's busy share of all cores.</summary>
        public string SplitSince(CpuSample before, TimeSpan wall)
        {
            string Pct(string who, double seconds) => string.Create(CultureInfo.InvariantCulture, $"{who} {100 * seconds / wall.TotalSeconds:F0} %");
            var (bench, broker, host, postgres) = (Bench - before.Bench, Broker - before.Broker, Host - before.Host, Postgres - before.Postgres);
            var busy = MachineBusy - before.MachineBusy;
            var other = Math.Max(0, busy - bench - broker - host - postgres);
            var machine = 100 * busy / (MachineTotal - before.MachineTotal);
            var parts = new List<string> { Pct("bench process", bench), Pct("mosquitto", broker) };
            if (Host > 0) parts.Add(Pct("host", host));
            parts.Add(Pct("postgres", postgres));
            parts.Add(Pct("other", other));
            return string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(", ", parts)} of one core; machine {machine:F0} % busy of {Environment.ProcessorCount} cores");
        }
    }

    private sealed record BaselineResult(PublishRun Publish, TimeSpan FirstToLast, string Cpu)
    {
        public double ReceivedPerSecond => Publish.Acked / FirstToLast.TotalSeconds;
    }

    /// <summary>
    /// A host phase's zero-loss check: every message stored (count), the right ones (sum of power_kw against the load's
    /// formula), none refused by the broker and none quarantined.
    /// </summary>
    private sealed record LossCheck(long Expected, long Stored, double Sum, long Refused, long Quarantined)
    {
        public double ExpectedSum => ExpectedSumOf(Expected);

        public bool ChecksumOk => Math.Abs(Sum - ExpectedSum) <= 1e-6 * Math.Max(1, Math.Abs(ExpectedSum));

        public bool ZeroLoss => Stored == Expected && ChecksumOk && Refused == 0 && Quarantined == 0;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{(ZeroLoss ? "OK" : "FAIL")} — {Stored:N0} of {Expected:N0} stored, sum(power_kw) {Sum:F1} vs {ExpectedSum:F1} expected " +
            $"({(ChecksumOk ? "match" : "MISMATCH")}), refused {Refused:N0}, quarantined {Quarantined:N0}");
    }

    /// <summary>A phase's readings in devices.readings: count, sum(power_kw), and publish-to-stored latency p50/p95/p99 and max.</summary>
    private sealed record StoredReadings(long Count, double Sum, double[] LatencyMs, double MaxLatencyMs);

    /// <summary>Which readings belong to a phase: a WHERE clause over devices.readings and its parameters.</summary>
    private sealed record Selection(string Where, object Parameters);

    private sealed record HostResult(
        PublishRun Publish, LossCheck Loss, TimeSpan Elapsed, StoredReadings Readings, long PeakBacklog,
        (long Count, double Mean, long Max, double InsertMs, double GapMs) Batches, (double Median, long Min, long Slow, long Seconds) PerSecond,
        (long Stored, long Duplicate, long Quarantined) Counters, string? QuarantineReason, double PeakMb, string Cpu, string Registration)
    {
        public double StoredPerSecond => Loss.Stored / Elapsed.TotalSeconds;
    }

    private sealed record SteadyResult(double Rate, PublishRun Publish, LossCheck Loss, TimeSpan Elapsed, StoredReadings Readings, long PeakBacklog, double PeakMb, string Cpu)
    {
        public double StoredPerSecond => Loss.Stored / Elapsed.TotalSeconds;

        public bool TargetMet => Loss.ZeroLoss && Readings.LatencyMs[1] <= SteadyTargetP95Ms && Publish.PerSecond >= 0.95 * Rate;
    }

    /// <summary>The host under test and what every host phase works with.</summary>
    private sealed record HostPhase(MeasuredHost Host, NpgsqlDataSource DataSource, BenchBroker Broker, string Database, Publishers Publishers)
    {
        public CpuSample Cpu() => CpuSample.Take(Broker.ProcessId, Host.ProcessId, Database);
    }

    /// <summary>The ceiling: a subscriber that only counts, while the publishers send the same load.</summary>
    private static async Task<BaselineResult> BaselineAsync(BenchBroker broker, int messages, int devices, int publishers, int warmUp, string database)
    {
        await using var subscriber = await CountingSubscriber.ConnectAsync(broker.Port);
        await using var load = await Publishers.ConnectAsync(broker.Port, publishers);

        var received = subscriber.Expect(warmUp);
        await load.RunAsync(WarmUpPrefix, warmUp, WarmUpDevices);
        await received.WaitAsync(TimeSpan.FromMinutes(1));

        var before = CpuSample.Take(broker.ProcessId, null, database);
        var started = Stopwatch.GetTimestamp();
        received = subscriber.Expect(messages);
        var publish = await load.RunAsync(DevicePrefix, messages, devices);
        await received.WaitAsync(TimeSpan.FromMinutes(5));
        var cpu = CpuSample.Take(broker.ProcessId, null, database).SplitSince(before, Stopwatch.GetElapsedTime(started));
        return new BaselineResult(publish, subscriber.FirstToLast, cpu);
    }

    /// <summary>Starts the host, registers the devices and warms it up, then runs the burst and the steady phase on it.</summary>
    private static async Task<(HostResult Burst, SteadyResult Steady)> HostAsync(string hostDll, string work, string connectionString, string database,
        NpgsqlDataSource dataSource, BenchBroker broker, MqttLoad load)
    {
        var adminKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["ConnectionStrings__Redis"] = Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "",
            ["Devices__Mqtt__Mode"] = "External",
            ["Devices__Mqtt__Host"] = "127.0.0.1",
            ["Devices__Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Devices__Mqtt__ClientId"] = "solarsync-bench",
            ["Auth__ApiKeys__bench__Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(adminKey))).ToLowerInvariant(),
            ["Auth__ApiKeys__bench__Role"] = "admin",
            // Registering the devices one request each must not meet the public limit (600 a minute per client).
            ["RateLimiting__PermitLimit"] = "1000000",
            ["RateLimiting__WindowSeconds"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__SolarSync.Modules.Devices"] = "Information",
        };

        await using var host = MeasuredHost.Start(hostDll, BenchSupport.FreePort(), environment, Path.Combine(work, "mqtt-host.log"));
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        await WaitForReadyAsync(host, http);
        var registration = await RegisterDevicesAsync(http, dataSource, load.Devices);
        Console.WriteLine($"host ready, {load.Devices + WarmUpDevices} devices registered ({registration}); warming up");

        await using var publishers = await Publishers.ConnectAsync(broker.Port, load.Publishers);
        var phase = new HostPhase(host, dataSource, broker, database, publishers);
        await WarmUpAsync(phase, load.WarmUp);
        var burst = await BurstAsync(phase, load, registration);
        var steady = await SteadyAsync(phase, load);
        await host.StopAsync();
        return (burst, steady);
    }

    /// <summary>The first messages pay for JIT compilation, the device directory's first load and the month's partition.</summary>
    private static async Task WarmUpAsync(HostPhase phase, int warmUp)
    {
        await phase.Publishers.RunAsync(WarmUpPrefix, warmUp, WarmUpDevices);
        var (warmedUp, _) = await WaitForStoredAsync(phase.Host, phase.DataSource, 0, warmUp, () => warmUp);
        if (warmedUp != warmUp) throw new InvalidOperationException($"The host stored {warmedUp} of {warmUp} warm-up messages:\n{phase.Host.Tail()}");
    }

    /// <summary>The burst: the whole load as fast as the broker takes it, measured until the last reading is stored.</summary>
    private static async Task<HostResult> BurstAsync(HostPhase phase, MqttLoad load, string registration)
    {
        Console.WriteLine("publishing to the host");
        var before = phase.Cpu();
        var started = Stopwatch.GetTimestamp();
        var publishing = phase.Publishers.RunAsync(DevicePrefix, load.Messages, load.Devices);
        var (_, peakBacklog) = await WaitForStoredAsync(phase.Host, phase.DataSource, load.WarmUp, load.Messages, () => phase.Publishers.Acked - load.WarmUp);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = phase.Cpu().SplitSince(before, elapsed);
        var publish = await publishing;

        await using var conn = await phase.DataSource.OpenConnectionAsync();
        var bench = new { pattern = DevicePrefix + "%" };
        var readings = await ReadStoredAsync(conn, new Selection("device_id LIKE @pattern", bench));
        // Rows written by one transaction share its xmin: the writer's batches, how long each INSERT ran (stored_at is
        // clock_timestamp() per row) and the time from one batch's last row to the next batch's first.
        var batches = await conn.QuerySingleAsync<(long, double, long, double, double)>("""
            SELECT count(*), coalesce(avg(n), 0), coalesce(max(n), 0),
                   coalesce(avg(extract(epoch FROM last_row - first_row)) * 1000, 0), coalesce(avg(extract(epoch FROM gap)) * 1000, 0)
            FROM (SELECT n, first_row, last_row, first_row - lag(last_row) OVER (ORDER BY first_row) AS gap
                  FROM (SELECT count(*) AS n, min(stored_at) AS first_row, max(stored_at) AS last_row
                        FROM devices.readings WHERE device_id LIKE @pattern GROUP BY xmin::text) t) b
            """, bench);
        // Readings stored in each whole second between the first and the last (a stall shows as seconds far below the median).
        var perSecond = await conn.QuerySingleAsync<(double, long, long, long)>("""
            WITH r AS (SELECT date_trunc('second', stored_at) AS second FROM devices.readings WHERE device_id LIKE @pattern),
                 inner_seconds AS (SELECT generate_series(min(second) + interval '1 second', max(second) - interval '1 second', interval '1 second') AS second FROM r),
                 counts AS (SELECT s.second, count(r.second) AS n FROM inner_seconds s LEFT JOIN r USING (second) GROUP BY s.second)
            SELECT coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY n), 0), coalesce(min(n), 0), count(*) FILTER (WHERE n < @slow), count(*) FROM counts
            """, new { pattern = bench.pattern, slow = (long)(TargetPerSecond / 5) });
        var counters = await conn.QuerySingleAsync<(long, long, long)>("""
            SELECT coalesce(sum(messages_stored), 0)::bigint, coalesce(sum(messages_duplicate), 0)::bigint, coalesce(sum(messages_quarantined), 0)::bigint
            FROM devices.devices WHERE device_id LIKE @pattern
            """, bench);
        var quarantined = await CountQuarantinedAsync(conn);
        var reason = await conn.ExecuteScalarAsync<string?>("SELECT array_to_string(reasons, '; ') FROM validation.quarantine ORDER BY id LIMIT 1");

        var loss = new LossCheck(load.Messages, readings.Count, readings.Sum, publish.Refused, quarantined);
        return new HostResult(publish, loss, elapsed, readings, peakBacklog, batches, perSecond, counters, reason, phase.Host.PeakMb, cpu, registration);
    }

    /// <summary>
    /// The steady phase, after the burst on the same host and devices: --rate msg/s for --paced-seconds, so the latency is
    /// the host's own rather than queueing behind a burst. Its readings are those stamped from the phase's start on.
    /// </summary>
    private static async Task<SteadyResult> SteadyAsync(HostPhase phase, MqttLoad load)
    {
        await using var conn = await phase.DataSource.OpenConnectionAsync();
        var from = await SteadyStartAsync(conn);
        var storedBefore = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM devices.readings");
        var quarantinedBefore = await CountQuarantinedAsync(conn);
        var ackedBefore = phase.Publishers.Acked;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady: {load.Rate:N0} msg/s for {load.PacedSeconds:N0} s to the host"));

        var before = phase.Cpu();
        var started = Stopwatch.GetTimestamp();
        var publishing = phase.Publishers.RunPacedAsync(DevicePrefix, load.SteadyMessages, load.Devices, load.Rate);
        var (_, peakBacklog) = await WaitForStoredAsync(phase.Host, phase.DataSource, storedBefore, load.SteadyMessages, () => phase.Publishers.Acked - ackedBefore);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = phase.Cpu().SplitSince(before, elapsed);
        var publish = await publishing;

        var readings = await ReadStoredAsync(conn, new Selection("device_id LIKE @pattern AND ts >= @from", new { pattern = DevicePrefix + "%", from }));
        var loss = new LossCheck(load.SteadyMessages, readings.Count, readings.Sum, publish.Refused, await CountQuarantinedAsync(conn) - quarantinedBefore);
        return new SteadyResult(load.Rate, publish, loss, elapsed, readings, peakBacklog, phase.Host.PeakMb, cpu);
    }

    /// <summary>
    /// The steady phase's first timestamp: now to the millisecond, but after every reading stored so far (a burst stamps a
    /// device's readings 1 ms apart, which can run ahead of the clock), waiting for the clock to get there. The phase's
    /// publishers stamp the time of publishing, so its readings are exactly those from this timestamp on.
    /// </summary>
    private static async Task<DateTime> SteadyStartAsync(NpgsqlConnection conn)
    {
        var latest = await conn.ExecuteScalarAsync<long>("SELECT coalesce((extract(epoch FROM max(ts)) * 1000)::bigint, 0) FROM devices.readings");
        var from = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), latest + 1);
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < from) await Task.Delay(1);
        return DateTime.UnixEpoch.AddMilliseconds(from);
    }

    /// <summary>Count and checksum (sum of power_kw) of the selected readings, and their publish-to-stored latency.</summary>
    private static async Task<StoredReadings> ReadStoredAsync(NpgsqlConnection conn, Selection selection)
    {
        var (count, sum) = await conn.QuerySingleAsync<(long, double)>(
            $"SELECT count(*), coalesce(sum(power_kw), 0) FROM devices.readings WHERE {selection.Where}", selection.Parameters);
        var (percentiles, max) = await conn.QuerySingleAsync<(double[], double)>($"""
            SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms), max(ms)
            FROM (SELECT extract(epoch FROM stored_at - ts) * 1000 AS ms FROM devices.readings WHERE {selection.Where}) r
            """, selection.Parameters);
        return new StoredReadings(count, sum, percentiles, max);
    }

    private static Task<long> CountQuarantinedAsync(NpgsqlConnection conn) => conn.ExecuteScalarAsync<long>("SELECT count(*) FROM validation.quarantine");

    /// <summary>/health/ready answers 200 with the mqtt check Healthy: connected to the broker and subscribed.</summary>
    private static async Task WaitForReadyAsync(MeasuredHost host, HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (host.HasExited) throw new InvalidOperationException($"The host exited at start-up:\n{host.Tail()}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                last = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && (string?)JsonNode.Parse(last)?["checks"]?["mqtt"]?["status"] == "Healthy") return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }

        throw new TimeoutException($"The host was not ready within 2 minutes; last answer: {last}\n{host.Tail()}");
    }

    /// <summary>
    /// Solar sites through the API (10 devices each), then the bench and warm-up devices: through POST
    /// /api/iot/devices/register when the host has it, else straight into devices.devices (the host's device directory
    /// reads an unknown id's registry again at most every 2 s, so the publishers wait that long).
    /// </summary>
    private static async Task<string> RegisterDevicesAsync(HttpClient http, NpgsqlDataSource dataSource, int devices)
    {
        var sites = new List<long>();
        for (var s = 0; s < (devices + DevicesPerSite - 1) / DevicesPerSite; s++)
        {
            var body = new JsonObject
            {
                ["name"] = $"Bench MQTT PV {s + 1}", ["type"] = "solar", ["latitude"] = 38.5 + 0.05 * s, ["longitude"] = -106.0 + 0.05 * s, ["capacity_kw"] = 500,
            };
            using var response = await http.PostAsJsonAsync("/api/v1/sites", body);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /api/v1/sites answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            sites.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>());
        }

        var all = Enumerable.Range(0, devices).Select(d => (Id: DeviceId(DevicePrefix, d), Site: sites[d / DevicesPerSite]))
            .Concat(Enumerable.Range(0, WarmUpDevices).Select(d => (Id: DeviceId(WarmUpPrefix, d), Site: sites[0])))
            .ToList();
        foreach (var (id, site) in all)
        {
            using var response = await http.PostAsJsonAsync("/api/iot/devices/register",
                new JsonObject { ["device_id"] = id, ["device_type"] = "solar_inverter", ["site_id"] = site });
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed) break;
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /api/iot/devices/register answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (id == all[^1].Id) return "POST /api/iot/devices/register";
        }

        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO devices.devices (device_id, device_type, site_id)
            SELECT id, 'solar_inverter', site FROM unnest(@ids, @sites) AS d(id, site)
            ON CONFLICT (device_id) DO NOTHING
            """, new { ids = all.Select(d => d.Id).ToArray(), sites = all.Select(d => d.Site).ToArray() });
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        return "inserted into devices.devices: the host has no POST /api/iot/devices/register";
    }

    /// <summary>
    /// Polls count(*) of devices.readings every 100 ms until <paramref name="expected"/> rows have been added to the
    /// <paramref name="before"/> already there, or the count stops growing for 30 s (a loss). Returns the rows added and the
    /// largest backlog seen: messages the broker acknowledged to the publishers that were not yet stored.
    /// </summary>
    private static async Task<(long Stored, long PeakBacklog)> WaitForStoredAsync(MeasuredHost host, NpgsqlDataSource dataSource, long before, long expected,
        Func<long> published)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        var (stored, peakBacklog) = (0L, 0L);
        var lastProgress = Stopwatch.StartNew();
        while (stored < expected && lastProgress.Elapsed < StallTimeout)
        {
            if (host.HasExited) throw new InvalidOperationException($"The host exited:\n{host.Tail()}");
            await Task.Delay(100);
            var count = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM devices.readings") - before;
            if (count != stored) lastProgress.Restart();
            stored = count;
            peakBacklog = Math.Max(peakBacklog, published() - stored);
        }
        return (stored, peakBacklog);
    }

    /// <summary>sum(power_kw) of messages 0 … N − 1 of a load: message i carries (i % 1000) / 10.</summary>
    private static double ExpectedSumOf(long messages)
    {
        long tenths = 0;
        for (var i = 0; i < messages; i++) tenths += i % 1000;
        return tenths / 10.0;
    }

    private static string DeviceId(string prefix, int index) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{index:D4}");

    /// <summary>
    /// N MQTT 5 clients, each publishing its share of a load at QoS 1 with <see cref="Window"/> publishes in flight. Message i
    /// goes to device i % D with power_kw (i % 1000) / 10; publisher p sends the messages of the devices d with d % N == p,
    /// stamped with the time of publishing to the millisecond (1 ms after the device's previous reading if that is later).
    /// A load goes as fast as the broker takes it, or paced: message i no earlier than its tick (see <see cref="Pacer"/>).
    /// </summary>
    private sealed class Publishers : IAsyncDisposable
    {
        private readonly List<IMqttClient> clients;
        private long acked, refused;

        private Publishers(List<IMqttClient> clients) => this.clients = clients;

        public long Acked => Interlocked.Read(ref acked);
        public long Refused => Interlocked.Read(ref refused);

        public static async Task<Publishers> ConnectAsync(int port, int count)
        {
            var clients = new List<IMqttClient>();
            for (var p = 0; p < count; p++)
            {
                var client = new MqttClientFactory().CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", port)
                    .WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithClientId($"bench-publisher-{p}-{Guid.NewGuid().ToString("N")[..6]}")
                    .WithCleanStart(true)
                    .WithTimeout(TimeSpan.FromSeconds(60))
                    .Build());
                clients.Add(client);
            }
            return new Publishers(clients);
        }

        /// <summary>Publishes the load as fast as the broker takes it and returns once the broker has acknowledged every message.</summary>
        public Task<PublishRun> RunAsync(string prefix, int messages, int devices) => RunAsync(prefix, messages, devices, pacer: null);

        /// <summary>Publishes the load at <paramref name="rate"/> messages a second and returns once the broker has acknowledged every message.</summary>
        public Task<PublishRun> RunPacedAsync(string prefix, int messages, int devices, double rate) => RunAsync(prefix, messages, devices, new Pacer(rate));

        private async Task<PublishRun> RunAsync(string prefix, int messages, int devices, Pacer? pacer)
        {
            var (ackedBefore, refusedBefore) = (Acked, Refused);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select((client, p) => Task.Run(() => PublishShareAsync(client, p, prefix, messages, devices, pacer))));
            return new PublishRun(Acked - ackedBefore, Refused - refusedBefore, clock.Elapsed);
        }

        private async Task PublishShareAsync(IMqttClient client, int publisher, string prefix, int messages, int devices, Pacer? pacer)
        {
            var last = new long[devices];
            var inFlight = new Queue<Task<MqttClientPublishResult>>(Window);
            for (var i = 0; i < messages; i++)
            {
                var device = i % devices;
                if (device % clients.Count != publisher) continue;
                if (pacer is not null) await pacer.WaitForTurnAsync(i);
                // Counts the acknowledgements already in (so Acked follows a paced load), and waits for the oldest when the window is full.
                while (inFlight.TryPeek(out var oldest) && (oldest.IsCompleted || inFlight.Count == Window)) Count(await inFlight.Dequeue());
                var ms = last[device] = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), last[device] + 1);
                var deviceId = DeviceId(prefix, device);
                var payload = string.Create(CultureInfo.InvariantCulture,
                    $"{{\"timestamp\":\"{DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fff}Z\",\"power_kw\":{(i % 1000) / 10.0:R}}}");
                inFlight.Enqueue(client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic($"solar/{deviceId}/data")
                    .WithPayload(Encoding.UTF8.GetBytes(payload))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build()));
            }
            while (inFlight.Count > 0) Count(await inFlight.Dequeue());
        }

        private void Count(MqttClientPublishResult result)
        {
            if (result.IsSuccess) Interlocked.Increment(ref acked);
            else Interlocked.Increment(ref refused);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in clients)
            {
                if (client.IsConnected) await client.DisconnectAsync();
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// The steady phase's clock: every 10 ms a tick releases rate / 100 messages (message i at tick ⌊i / (rate / 100)⌋ from
    /// the pacer's creation). The publishers share it, each releasing its own devices' messages, so a tick's messages are
    /// spread over them; one that falls behind publishes what is due at once, so the rate holds on average.
    /// </summary>
    private sealed class Pacer(double rate)
    {
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
        private readonly double perTick = rate * Tick.TotalSeconds;
        private readonly long start = Stopwatch.GetTimestamp();

        public async ValueTask WaitForTurnAsync(int message)
        {
            var wait = Tick * Math.Floor(message / perTick) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero) await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)));
        }
    }

    /// <summary>The baseline's subscriber: MQTT 5, QoS 1, acknowledged on receipt, counting and timing what arrives.</summary>
    private sealed class CountingSubscriber : IAsyncDisposable
    {
        private readonly IMqttClient client;
        private long count, expected, firstTicks, lastTicks;
        private TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private CountingSubscriber(IMqttClient client)
        {
            this.client = client;
            client.ApplicationMessageReceivedAsync += _ =>
            {
                var n = Interlocked.Increment(ref count);
                if (n == 1) firstTicks = Stopwatch.GetTimestamp();
                if (n == Volatile.Read(ref expected))
                {
                    lastTicks = Stopwatch.GetTimestamp();
                    done.TrySetResult();
                }
                return Task.CompletedTask;
            };
        }

        /// <summary>From the first message received to the last expected one.</summary>
        public TimeSpan FirstToLast => Stopwatch.GetElapsedTime(firstTicks, lastTicks);

        public static async Task<CountingSubscriber> ConnectAsync(int port)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var subscriber = new CountingSubscriber(client);
            await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", port)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId("bench-baseline-subscriber")
                .WithCleanStart(true)
                .Build());
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic("solar/+/data").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                .Build());
            return subscriber;
        }

        /// <summary>Counts from zero again; the task completes when <paramref name="messages"/> have arrived.</summary>
        public Task Expect(long messages)
        {
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref expected, messages);
            Interlocked.Exchange(ref count, 0);
            return done.Task;
        }

        public async ValueTask DisposeAsync()
        {
            if (client.IsConnected) await client.DisconnectAsync();
            client.Dispose();
        }
    }

    private static void Report(BaselineResult baseline, HostResult host, SteadyResult steady, TimeSpan elapsed)
    {
        PrintLegend(host.Registration);
        PrintTable(baseline, host, steady);
        PrintBurstDetails(baseline, host);
        PrintSteadyDetails(steady);
        PrintVerdicts(baseline, host, steady);
        Console.WriteLine($"benchmark took {elapsed.TotalMinutes:F1} min");
    }

    private static void PrintLegend(string registration)
    {
        Console.WriteLine();
        Console.WriteLine("Messages: {\"timestamp\":\"<publish time, ms>\",\"power_kw\":(i % 1000) / 10} on solar/{device_id}/data, QoS 1, every (device, timestamp) unique.");
        Console.WriteLine("  baseline: a plain MQTTnet subscriber (MQTT 5, QoS 1, acknowledged on receipt), counting; msg/s from its first to its last message.");
        Console.WriteLine("  host:     the host (Release) with its persistent session, acknowledging each batch once stored; msg/s from the first publish");
        Console.WriteLine("            until count(*) of devices.readings reaches the total (polled every 100 ms). Latency: stored_at − the reading's");
        Console.WriteLine("            timestamp (its publish time); the publishers send as fast as the broker takes them, so it includes queueing.");
        Console.WriteLine("  steady:   then the same host and devices at a fixed rate, rate / 100 messages every 10 ms spread over the publishers,");
        Console.WriteLine("            until all are stored; its rows only (timestamps from the phase's start on). Peak MB: the host's high-water");
        Console.WriteLine("            mark at the end of the phase.");
        Console.WriteLine($"  devices:  {registration}");
        Console.WriteLine();
    }

    private static void PrintTable(BaselineResult baseline, HostResult host, SteadyResult steady)
    {
        Console.WriteLine($"{"case",-36} {"messages",9} {"seconds",8} {"msg/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"peak MB",8}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"baseline: MQTTnet subscriber",-36} {baseline.Publish.Acked,9:N0} {baseline.FirstToLast.TotalSeconds,8:F2} {baseline.ReceivedPerSecond,8:N0} {"-",8} {"-",8} {"-",8} {"-",8} {"-",8}"));
        PrintHostRow("host: stored in devices.readings", host.Loss, host.Elapsed, host.StoredPerSecond, host.Readings, host.PeakMb);
        PrintHostRow(string.Create(CultureInfo.InvariantCulture, $"host: steady {steady.Rate:N0} msg/s"), steady.Loss, steady.Elapsed, steady.StoredPerSecond, steady.Readings, steady.PeakMb);
        Console.WriteLine();
    }

    private static void PrintHostRow(string name, LossCheck loss, TimeSpan elapsed, double perSecond, StoredReadings readings, double peakMb)
    {
        var (p50, p95, p99) = (readings.LatencyMs[0], readings.LatencyMs[1], readings.LatencyMs[2]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-36} {loss.Stored,9:N0} {elapsed.TotalSeconds,8:F2} {perSecond,8:N0} {p50,8:F0} {p95,8:F0} {p99,8:F0} {readings.MaxLatencyMs,8:F0} {peakMb,8:F0}"));
    }

    private static void PrintBurstDetails(BaselineResult baseline, HostResult host)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publishers: baseline {baseline.Publish.PerSecond:N0} msg/s acknowledged by the broker ({baseline.Publish.Elapsed.TotalSeconds:F2} s), " +
            $"host phase {host.Publish.PerSecond:N0} msg/s ({host.Publish.Elapsed.TotalSeconds:F2} s); refused {baseline.Publish.Refused + host.Publish.Refused}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host: peak backlog {host.PeakBacklog:N0} messages (acknowledged by the broker, not yet stored)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host writes: {host.Batches.Count:N0} transactions of mean {host.Batches.Mean:F0}, max {host.Batches.Max:N0} readings; INSERT of a batch " +
            $"{host.Batches.InsertMs:F0} ms (first to last row), then {host.Batches.GapMs:F0} ms to the next batch's first row (mean)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host stored per whole second: median {host.PerSecond.Median:N0}, slowest {host.PerSecond.Min:N0}; {host.PerSecond.Slow} of {host.PerSecond.Seconds} seconds under {TargetPerSecond / 5:N0}"));
        Console.WriteLine($"host device counters: stored {host.Counters.Stored:N0}, duplicate {host.Counters.Duplicate:N0}, quarantined {host.Counters.Quarantined:N0}; " +
            $"quarantine rows {host.Loss.Quarantined:N0}{(host.QuarantineReason is { } r ? $" (first: {r})" : "")}");
        Console.WriteLine($"CPU, baseline: {baseline.Cpu}");
        Console.WriteLine($"CPU, host:     {host.Cpu}");
    }

    private static void PrintSteadyDetails(SteadyResult steady)
    {
        Console.WriteLine($"CPU, steady:   {steady.Cpu}");
        Console.WriteLine("  (bench process: the publishers, and the baseline's subscriber; postgres: this database's backends and the server's");
        Console.WriteLine("   background processes; other: everything else the machine ran meanwhile)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady: {steady.Publish.Acked:N0} messages published at {steady.Publish.PerSecond:N0} msg/s ({steady.Publish.Elapsed.TotalSeconds:F2} s, target rate {steady.Rate:N0}), " +
            $"stored at {steady.StoredPerSecond:N0} msg/s until the last was in ({steady.Elapsed.TotalSeconds:F2} s); peak backlog {steady.PeakBacklog:N0} messages"));
        Console.WriteLine();
    }

    private static void PrintVerdicts(BaselineResult baseline, HostResult host, SteadyResult steady)
    {
        Console.WriteLine($"zero loss, burst:  {host.Loss}");
        Console.WriteLine($"zero loss, steady: {steady.Loss}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio host / baseline: {host.StoredPerSecond / baseline.ReceivedPerSecond:F2}"));
        var met = host.Loss.ZeroLoss && host.StoredPerSecond >= TargetPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target: >= {TargetPerSecond:N0} msg/s sustained, zero loss: {(met ? "PASS" : "FAIL")} ({host.StoredPerSecond:N0} msg/s, {(host.Loss.ZeroLoss ? "no loss" : "LOSS")})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady: p95 publish-to-stored <= {SteadyTargetP95Ms:N0} ms at {steady.Rate:N0} msg/s: {(steady.TargetMet ? "PASS" : "FAIL")} " +
            $"(p95 {steady.Readings.LatencyMs[1]:F0} ms; published at {steady.Publish.PerSecond:N0} msg/s, at least 95 % of the rate needed; {(steady.Loss.ZeroLoss ? "no loss" : "LOSS")})"));
    }
}
