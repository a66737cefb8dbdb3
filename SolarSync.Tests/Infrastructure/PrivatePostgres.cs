using System.Diagnostics;
using Npgsql;

namespace SolarSync.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL of one test fixture's own (free port, its own data folder in the temp folder), so the test may stop and
/// restart it without disturbing the server the other tests share. Built like scripts/services.sh builds the shared
/// one: PostgreSQL 15, trust authentication on 127.0.0.1, run as the postgres user when the tests run as root.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string Database = "solarsync";

    private readonly string folder;
    private bool running;

    private PrivatePostgres(string folder, int port)
    {
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The service database, for the host under test (ConnectionStrings:Postgres).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database={Database};Username=postgres";

    private string DataFolder => Path.Combine(folder, "data");

    private string LogFile => Path.Combine(folder, "postgres.log");

    public static async Task<PrivatePostgres> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
            TestServices.Unavailable($"PostgreSQL 15 ({Bin}, package postgresql-15)");
        var folder = Path.Combine(Path.GetTempPath(), "solarsync-postgres-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var server = new PrivatePostgres(folder, TestServices.FreeLoopbackPort());
        // PostgreSQL refuses to run as root; its user must own the folder it writes to.
        if (Environment.UserName == "root") await RunAsync("chown", ["postgres", folder]);
        await server.AsPostgresAsync("initdb", ["-D", server.DataFolder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale"]);
        await server.StartServerAsync();
        await using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Database=postgres;Username=postgres;Pooling=false");
        await conn.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", conn);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>Stops the server the way an operator's restart does (fast shutdown: sessions are ended with 57P01).</summary>
    public async Task StopServerAsync()
    {
        if (!running) return;
        await AsPostgresAsync("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "stop"]);
        running = false;
    }

    /// <summary>Starts the server again on the same port and data; returns once it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        await AsPostgresAsync("pg_ctl", ["-D", DataFolder, "-l", LogFile, "-w", "-o",
            $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1", "start"]);
        running = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (running) await AsPostgresAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        running = false;
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing depends on it.
        }
    }

    private Task AsPostgresAsync(string tool, IEnumerable<string> args) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args])
        : RunAsync(Path.Combine(Bin, tool), args);

    private static async Task RunAsync(string file, IEnumerable<string> args)
    {
        // From the temp folder: the postgres user may not be allowed into the test's working folder.
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            Assert.Fail($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await errors}{await output}");
    }
}
