using System.Diagnostics;
using System.Net.Sockets;
using StackExchange.Redis;
using Npgsql;

namespace SolarSync.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL, Redis and Mosquitto that scripts/services.sh starts. Tests use their own database,
/// solarsync_test, created here when missing.
/// </summary>
internal static class TestServices
{
    public static string Postgres { get; } = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=55432;Database=solarsync_test;Username=postgres";

    public static string Redis { get; } = Environment.GetEnvironmentVariable("ConnectionStrings__Redis")
        ?? "127.0.0.1:56379,abortConnect=false";

    public static string MqttHost { get; } = Environment.GetEnvironmentVariable("Devices__Mqtt__Host") ?? "127.0.0.1";

    public static int MqttPort { get; } = int.Parse(Environment.GetEnvironmentVariable("Devices__Mqtt__Port") ?? "51883");

    /// <summary>The repository root, for tests that drive scripts/services.sh.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool databaseReady;

    public static async Task EnsureDatabaseAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (databaseReady) return;
            var target = new NpgsqlConnectionStringBuilder(Postgres);
            var admin = new NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres", Pooling = false };
            try
            {
                await using var conn = new NpgsqlConnection(admin.ConnectionString);
                await conn.OpenAsync();
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", conn);
                exists.Parameters.AddWithValue("name", target.Database!);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database}\"", conn);
                    await create.ExecuteNonQueryAsync();
                }
            }
            catch (NpgsqlException e)
            {
                Unavailable($"PostgreSQL at {target.Host}:{target.Port} ({e.Message})");
            }
            databaseReady = true;
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>A new, empty database beside the tests' own, named after it with <paramref name="suffix"/>; returns its connection string.</summary>
    public static async Task<string> FreshDatabaseAsync(string suffix)
    {
        await EnsureDatabaseAsync();
        var target = new NpgsqlConnectionStringBuilder(Postgres);
        target.Database = $"{target.Database}_{suffix}";
        var admin = new NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)", $"CREATE DATABASE \"{target.Database}\"" })
        {
            // CREATE DATABASE waits for a checkpoint, which takes longer than the default 30 s on a busy server.
            await using var command = new NpgsqlCommand(sql, conn) { CommandTimeout = 300 };
            await command.ExecuteNonQueryAsync();
        }
        return target.ConnectionString;
    }

    /// <summary>A loopback port nothing listens on now: for a private broker, a Kestrel host, or a broker that is not there.</summary>
    public static int FreeLoopbackPort() => FreePort(System.Net.IPAddress.Loopback);

    /// <summary>A port of <paramref name="address"/> nothing listens on now.</summary>
    public static int FreePort(System.Net.IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Under CI a missing service fails the run; locally the message says what to start.</summary>
    public static void Unavailable(string what)
    {
        var message = $"{what} is not reachable. Start the local services with `scripts/services.sh start` (or run `scripts/test.sh`).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message);
        Assert.Ignore(message);
    }

    private static string FindRepoRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SOLARSYNC_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SolarSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SolarSync.sln not found above the test folder.");
    }

    /// <summary>Stops or starts a service through scripts/services.sh of the checkout that started them.</summary>
    public static void Run(string verb, string service)
    {
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(TestServices.RepoRoot, "scripts", "services.sh"), [verb, service])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, process.StandardError.ReadToEnd());
    }

    /// <summary>services.sh stop only signals Redis; wait until its port refuses connections.</summary>
    public static async Task WaitUntilRedisRefusesAsync()
    {
        var (host, port) = ConfigurationOptions.Parse(TestServices.Redis).EndPoints.Single() switch
        {
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
            var other => throw new InvalidOperationException($"Unexpected Redis endpoint {other}."),
        };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(host, port);
            }
            catch (SocketException)
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"Redis on {host}:{port} still accepts connections after services.sh stop redis.");
    }
}
