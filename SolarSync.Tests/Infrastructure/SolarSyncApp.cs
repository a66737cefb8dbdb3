using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Prediction.Archive;

namespace SolarSync.Tests.Infrastructure;

/// <summary>
/// The real host, in process, on the test database with real Redis and Mosquitto. Settings can be overridden
/// per instance; <see cref="ResetAsync"/> empties the module tables between tests.
/// </summary>
internal sealed class SolarSyncApp(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string ReaderKey = "test-reader-key-0123456789";

    public static async Task<SolarSyncApp> StartAsync(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        await TestServices.EnsureDatabaseAsync();
        var app = new SolarSyncApp(overrides, services);
        _ = app.Server; // starts the host: migrations, Hangfire, MQTT
        return app;
    }

    /// <summary>
    /// The host on Kestrel at a free loopback port, for a real browser or real client addresses (the in-memory test
    /// server has no socket); <see cref="CreateClient(string?)"/> then talks to it over TCP too. With
    /// <paramref name="alsoListenOn"/> it listens on that address as well (<see cref="OtherAddress"/>), so a request can
    /// come from a non-loopback peer.
    /// </summary>
    public static async Task<SolarSyncApp> StartOnKestrelAsync(
        IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null, IPAddress? alsoListenOn = null)
    {
        await TestServices.EnsureDatabaseAsync();
        var app = new SolarSyncApp(overrides, services);
        var port = TestServices.FreeLoopbackPort();
        var other = alsoListenOn is null ? null : new IPEndPoint(alsoListenOn, TestServices.FreePort(alsoListenOn));
        app.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            if (other is not null) kestrel.Listen(other);
        });
        app.StartServer();
        app.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        app.OtherAddress = other is null ? null : new Uri($"http://{other}");
        app.ClientOptions.BaseAddress = app.BaseAddress;
        return app;
    }

    /// <summary>Where a Kestrel host listens; null for the in-memory test server.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>The second address of a Kestrel host started with alsoListenOn.</summary>
    public Uri? OtherAddress { get; private set; }


    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>
    /// Empties every module table and Hangfire's queued jobs (not the migration journal, not recurring jobs), and what
    /// the host remembers of them in memory: ids restart at 1, so a new site could otherwise meet an old one's data.
    /// </summary>
    public async Task ResetAsync()
    {
        ((MemoryCache)Services.GetRequiredService<IMemoryCache>()).Clear();
        Services.GetRequiredService<ArchivedThisHour>().Clear();
        Services.GetRequiredService<DeviceDirectory>().Invalidate();
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        // Month partitions of observations are made on demand by every write; left behind, the decades some tests span
        // (hundreds of partitions) would make every later reset truncate each of them.
        await conn.ExecuteAsync("""
            DO $$
            DECLARE partition regclass;
            BEGIN
                FOR partition IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'collection.observations'::regclass LOOP
                    EXECUTE format('DROP TABLE %s', partition);
                END LOOP;
            END $$;
            """);
        await conn.ExecuteAsync("""
            TRUNCATE sites.sites, collection.observations, collection.weather_forecasts, collection.collection_runs,
                     training.model_versions, training.training_runs,
                     validation.quarantine, validation.data_quality_daily,
                     prediction.forecasts, prediction.forecast_accuracy_daily, prediction.experiments, prediction.interval_widths,
                     devices.devices, devices.readings, devices.pending_hours, monitoring.audit_log,
                     monitoring.alerts, monitoring.alert_deliveries RESTART IDENTITY CASCADE;
            TRUNCATE hangfire.jobqueue, hangfire.job RESTART IDENTITY CASCADE;
            """);
    }

    /// <summary>A scope of the running host's services, for calling jobs directly.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = TestServices.Postgres,
            ["ConnectionStrings:Redis"] = TestServices.Redis,
            ["Devices:Mqtt:Host"] = TestServices.MqttHost,
            ["Devices:Mqtt:Port"] = TestServices.MqttPort.ToString(),
            ["Devices:Mqtt:ClientId"] = "solarsync-test-" + Guid.NewGuid().ToString("N")[..8],
            ["Devices:Mqtt:ReconnectSeconds"] = "1",
            // Each test host has a client id of its own: the broker forgets its session soon after it stops.
            ["Devices:Mqtt:SessionExpirySeconds"] = "120",
            ["Auth:ApiKeys:testadmin:Sha256"] = Sha256(AdminKey),
            ["Auth:ApiKeys:testadmin:Role"] = "admin",
            ["Auth:ApiKeys:testreader:Sha256"] = Sha256(ReaderKey),
            ["Auth:ApiKeys:testreader:Role"] = "reader",
            ["RateLimiting:PermitLimit"] = "100000",
            // The demo (scripts/run.sh) shares this Redis; its site ids are the tests' too.
            ["Prediction:CacheKeyPrefix"] = "test-forecast",
            ["Hangfire:QueuePollSeconds"] = "1",
            // Tests call jobs directly; the one wiring test turns a Hangfire server on.
            ["Hangfire:DefaultWorkers"] = "0",
            ["Hangfire:TrainingWorkers"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    public static string Sha256(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant();
}
