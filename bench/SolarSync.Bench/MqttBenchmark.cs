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
/// memory and the CPU split between the processes.
/// </summary>
internal static class MqttBenchmark
{
    private const string DevicePrefix = "bench-";
    private const string WarmUpPrefix = "warmup-";
    private const int WarmUpDevices = 10;
    private const int DevicesPerSite = 10;

    // Publishes in flight per publisher, each waiting for its PUBACK.
    private const int Window = 100;

    // Target of the issue, on this 2-core machine.
    private const double TargetPerSecond = 5000;

    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = int.Parse(BenchSupport.Option(args, "--messages", "100000"), CultureInfo.InvariantCulture);
        var devices = int.Parse(BenchSupport.Option(args, "--devices", "100"), CultureInfo.InvariantCulture);
        // Each publisher owns whole devices, so a device's timestamps never repeat across connections.
        var publishers = Math.Min(devices, int.Parse(BenchSupport.Option(args, "--publishers", "4"), CultureInfo.InvariantCulture));
        if (messages < 1 || devices < 1 || publishers < 1) throw new ArgumentException("--messages, --devices and --publishers must be at least 1.");
        var database = BenchSupport.Option(args, "--database", "solarsync_bench_mqtt");
        var root = BenchSupport.RepoRoot();
        var hostDll = BenchSupport.Option(args, "--host-dll", Path.Combine(root, ".local", "bench", "host", "SolarSync.Host.dll"));
        var work = Directory.CreateDirectory(Path.Combine(root, ".local", "bench")).FullName;
        var warmUp = Math.Clamp(messages / 10, 100, 5000);
        var clock = Stopwatch.StartNew();

        var connectionString = await BenchSupport.FreshDatabaseAsync(database);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new DatabaseMigrator(dataSource, Options.Create(new DatabaseOptions { ConnectionString = connectionString, MigrationsPath = Path.Combine(root, "db") }),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync();

        await using var broker = await BenchBroker.StartAsync(work);
        Console.WriteLine($"mqtt benchmark: {messages:N0} QoS 1 messages from {devices} devices over {publishers} publishers ({Window} in flight each), " +
            $"{Environment.ProcessorCount} cores, own Mosquitto on port {broker.Port}, database {database}; warm-up {warmUp:N0} messages before each phase");

        var baseline = await BaselineAsync(broker, messages, devices, publishers, warmUp, database);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline: {baseline.ReceivedPerSecond:N0} msg/s received"));
        var host = await HostAsync(hostDll, work, connectionString, database, dataSource, broker, messages, devices, publishers, warmUp);

        Report(baseline, host, messages, clock.Elapsed);
        return host.ZeroLoss ? 0 : 1;
    }

    /// <summary>What one phase's publishers did: from the first publish to the last PUBACK.</summary>
    private sealed record PublishRun(long Acked, long Refused, TimeSpan Elapsed);

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

    private sealed record HostResult(
        PublishRun Publish, long Expected, long Stored, TimeSpan Elapsed, double Sum, double ExpectedSum, double[] LatencyMs, double MaxLatencyMs,
        long PeakBacklog, (long Count, double Mean, long Max, double InsertMs, double GapMs) Batches, (double Median, long Min, long Slow, long Seconds) PerSecond, (long Stored, long Duplicate, long Quarantined) Counters,
        long QuarantineRows, string? QuarantineReason, double PeakMb, string Cpu, string Registration)
    {
        public double StoredPerSecond => Stored / Elapsed.TotalSeconds;

        public bool ChecksumOk => Math.Abs(Sum - ExpectedSum) <= 1e-6 * Math.Max(1, Math.Abs(ExpectedSum));

        public bool ZeroLoss => Stored == Expected && ChecksumOk && Publish.Refused == 0 && QuarantineRows == 0;
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

    private static async Task<HostResult> HostAsync(string hostDll, string work, string connectionString, string database, NpgsqlDataSource dataSource,
        BenchBroker broker, int messages, int devices, int publishers, int warmUp)
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
        var registration = await RegisterDevicesAsync(http, dataSource, devices);
        Console.WriteLine($"host ready, {devices + WarmUpDevices} devices registered ({registration}); warming up");

        await using var load = await Publishers.ConnectAsync(broker.Port, publishers);
        // The first messages pay for JIT compilation, the device directory's first load and the month's partition.
        await load.RunAsync(WarmUpPrefix, warmUp, WarmUpDevices);
        var (warmedUp, _) = await WaitForStoredAsync(host, dataSource, 0, warmUp, () => warmUp);
        if (warmedUp != warmUp) throw new InvalidOperationException($"The host stored {warmedUp} of {warmUp} warm-up messages:\n{host.Tail()}");

        Console.WriteLine("publishing to the host");
        var before = CpuSample.Take(broker.ProcessId, host.ProcessId, database);
        var started = Stopwatch.GetTimestamp();
        var publishing = load.RunAsync(DevicePrefix, messages, devices);
        var (_, peakBacklog) = await WaitForStoredAsync(host, dataSource, warmUp, messages, () => load.Acked - warmUp);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = CpuSample.Take(broker.ProcessId, host.ProcessId, database).SplitSince(before, elapsed);
        var publish = await publishing;

        await using var conn = await dataSource.OpenConnectionAsync();
        var bench = new { pattern = DevicePrefix + "%" };
        var (count, sum) = await conn.QuerySingleAsync<(long, double)>(
            "SELECT count(*), coalesce(sum(power_kw), 0) FROM devices.readings WHERE device_id LIKE @pattern", bench);
        var latency = await conn.QuerySingleAsync<(double[], double)>("""
            SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms), max(ms)
            FROM (SELECT extract(epoch FROM stored_at - ts) * 1000 AS ms FROM devices.readings WHERE device_id LIKE @pattern) r
            """, bench);
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
        var quarantined = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM validation.quarantine");
        var reason = await conn.ExecuteScalarAsync<string?>("SELECT array_to_string(reasons, '; ') FROM validation.quarantine ORDER BY id LIMIT 1");

        await host.StopAsync();
        return new HostResult(publish, messages, count, elapsed, sum, ExpectedSum(messages), latency.Item1, latency.Item2, peakBacklog, batches, perSecond, counters,
            quarantined, reason, host.PeakMb, cpu, registration);
    }

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

    private static double ExpectedSum(int messages)
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

        /// <summary>Publishes the load and returns once the broker has acknowledged every message.</summary>
        public async Task<PublishRun> RunAsync(string prefix, int messages, int devices)
        {
            var (ackedBefore, refusedBefore) = (Acked, Refused);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select((client, p) => Task.Run(() => PublishShareAsync(client, p, prefix, messages, devices))));
            return new PublishRun(Acked - ackedBefore, Refused - refusedBefore, clock.Elapsed);
        }

        private async Task PublishShareAsync(IMqttClient client, int publisher, string prefix, int messages, int devices)
        {
            var last = new long[devices];
            var inFlight = new Queue<Task<MqttClientPublishResult>>(Window);
            for (var i = 0; i < messages; i++)
            {
                var device = i % devices;
                if (device % clients.Count != publisher) continue;
                if (inFlight.Count == Window) Count(await inFlight.Dequeue());
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

    private static void Report(BaselineResult baseline, HostResult host, int messages, TimeSpan elapsed)
    {
        var ratio = host.StoredPerSecond / baseline.ReceivedPerSecond;
        var (p50, p95, p99) = (host.LatencyMs[0], host.LatencyMs[1], host.LatencyMs[2]);
        Console.WriteLine();
        Console.WriteLine("Messages: {\"timestamp\":\"<publish time, ms>\",\"power_kw\":(i % 1000) / 10} on solar/{device_id}/data, QoS 1, every (device, timestamp) unique.");
        Console.WriteLine("  baseline: a plain MQTTnet subscriber (MQTT 5, QoS 1, acknowledged on receipt), counting; msg/s from its first to its last message.");
        Console.WriteLine("  host:     the host (Release) with its persistent session, acknowledging each batch once stored; msg/s from the first publish");
        Console.WriteLine("            until count(*) of devices.readings reaches the total (polled every 100 ms). Latency: stored_at − the reading's");
        Console.WriteLine("            timestamp (its publish time); the publishers send as fast as the broker takes them, so it includes queueing.");
        Console.WriteLine($"  devices:  {host.Registration}");
        Console.WriteLine();
        Console.WriteLine($"{"case",-36} {"messages",9} {"seconds",8} {"msg/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"peak MB",8}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"baseline: MQTTnet subscriber",-36} {baseline.Publish.Acked,9:N0} {baseline.FirstToLast.TotalSeconds,8:F2} {baseline.ReceivedPerSecond,8:N0} {"-",8} {"-",8} {"-",8} {"-",8}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"host: stored in devices.readings",-36} {host.Stored,9:N0} {host.Elapsed.TotalSeconds,8:F2} {host.StoredPerSecond,8:N0} {p50,8:F0} {p95,8:F0} {p99,8:F0} {host.PeakMb,8:F0}"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publishers: baseline {baseline.Publish.Acked / baseline.Publish.Elapsed.TotalSeconds:N0} msg/s acknowledged by the broker ({baseline.Publish.Elapsed.TotalSeconds:F2} s), " +
            $"host phase {host.Publish.Acked / host.Publish.Elapsed.TotalSeconds:N0} msg/s ({host.Publish.Elapsed.TotalSeconds:F2} s); refused {baseline.Publish.Refused + host.Publish.Refused}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host: peak backlog {host.PeakBacklog:N0} messages (acknowledged by the broker, not yet stored); latency max {host.MaxLatencyMs:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host writes: {host.Batches.Count:N0} transactions of mean {host.Batches.Mean:F0}, max {host.Batches.Max:N0} readings; INSERT of a batch " +
            $"{host.Batches.InsertMs:F0} ms (first to last row), then {host.Batches.GapMs:F0} ms to the next batch's first row (mean)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host stored per whole second: median {host.PerSecond.Median:N0}, slowest {host.PerSecond.Min:N0}; {host.PerSecond.Slow} of {host.PerSecond.Seconds} seconds under {TargetPerSecond / 5:N0}"));
        Console.WriteLine($"host device counters: stored {host.Counters.Stored:N0}, duplicate {host.Counters.Duplicate:N0}, quarantined {host.Counters.Quarantined:N0}; " +
            $"quarantine rows {host.QuarantineRows:N0}{(host.QuarantineReason is { } r ? $" (first: {r})" : "")}");
        Console.WriteLine($"CPU, baseline: {baseline.Cpu}");
        Console.WriteLine($"CPU, host:     {host.Cpu}");
        Console.WriteLine("  (bench process: the publishers, and the baseline's subscriber; postgres: this database's backends and the server's");
        Console.WriteLine("   background processes; other: everything else the machine ran meanwhile)");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"zero loss: {(host.ZeroLoss ? "OK" : "FAIL")} — {host.Stored:N0} of {messages:N0} stored, sum(power_kw) {host.Sum:F1} vs {host.ExpectedSum:F1} expected ({(host.ChecksumOk ? "match" : "MISMATCH")})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio host / baseline: {ratio:F2}"));
        var met = host.ZeroLoss && host.StoredPerSecond >= TargetPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target: >= {TargetPerSecond:N0} msg/s sustained, zero loss: {(met ? "PASS" : "FAIL")} ({host.StoredPerSecond:N0} msg/s, {(host.ZeroLoss ? "no loss" : "LOSS")})"));
        Console.WriteLine($"benchmark took {elapsed.TotalMinutes:F1} min");
    }
}
