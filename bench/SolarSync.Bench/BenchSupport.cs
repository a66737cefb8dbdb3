using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace SolarSync.Bench;

internal static class BenchSupport
{
    public static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>A loopback port no one listens on now (the OS's pick).</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SolarSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SolarSync.sln not found above the benchmark.");
    }

    /// <summary>A fresh database next to the one in ConnectionStrings__Postgres, so benchmarks never touch real data.</summary>
    public static async Task<string> FreshDatabaseAsync(string name)
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=127.0.0.1;Port=55432;Database=solarsync;Username=postgres";
        var admin = new NpgsqlConnectionStringBuilder(configured) { Database = "postgres", Pooling = false };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(configured) { Database = name }.ConnectionString;
    }

    /// <summary>Runs a child process to the end, sampling its peak resident memory (VmHWM) from /proc.</summary>
    public static async Task<(int ExitCode, string Output, TimeSpan Elapsed, double PeakMb)> RunMeasuredAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        double peakKb = 0;
        while (!process.HasExited)
        {
            peakKb = Math.Max(peakKb, ReadVmHwmKb(process.Id));
            await Task.Delay(20);
        }
        await process.WaitForExitAsync();
        clock.Stop();
        return (process.ExitCode, await stdout + await stderr, clock.Elapsed, peakKb / 1024);
    }

    /// <summary>Peak resident memory of the process so far (VmHWM), in kB; 0 once it has exited.</summary>
    public static double ReadVmHwmKb(int pid) => ReadStatusKb(pid, "VmHWM:");

    /// <summary>Resident memory of the process now (VmRSS), in kB; 0 once it has exited.</summary>
    public static double ReadVmRssKb(int pid) => ReadStatusKb(pid, "VmRSS:");

    private static double ReadStatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
