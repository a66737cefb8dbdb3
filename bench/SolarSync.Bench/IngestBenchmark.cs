using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Shared.Database;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Bench;

/// <summary>
/// ingest: imports N observation rows — a fleet of 10 simulated plants, N/10 hours each, as evaluation CSV files —
/// with the host's own `import` command in one run, and reports rows/s and peak memory at N/4 and N rows (memory
/// must stay flat in the file size). Baseline, measured in the same run on the same files: PostgreSQL's own COPY
/// of the raw CSV into a table without indexes — the floor cost of moving those bytes into the database, with no
/// parsing, validation or upsert.
/// </summary>
internal static class IngestBenchmark
{
    private const int Sites = 10;
    private const string Header = "timestamp,power_kw,ghi,dni,dhi,ghi_clear,temp_c,wind_speed_10m,wind_speed_hub,wind_dir,pressure_hpa,rel_humidity";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = int.Parse(BenchSupport.Option(args, "--rows", "1000000"), CultureInfo.InvariantCulture);
        var root = BenchSupport.RepoRoot();
        var hostDll = BenchSupport.Option(args, "--host-dll", Path.Combine(root, ".local", "bench", "host", "SolarSync.Host.dll"));
        var work = Directory.CreateDirectory(Path.Combine(root, ".local", "bench")).FullName;

        // --database lets two people bench against one PostgreSQL server without dropping each other's database.
        var connectionString = await BenchSupport.FreshDatabaseAsync(BenchSupport.Option(args, "--database", "solarsync_bench"));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new DatabaseMigrator(dataSource, Options.Create(new DatabaseOptions { ConnectionString = connectionString, MigrationsPath = Path.Combine(root, "db") }),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        var sites = await CreateSitesAsync(dataSource);

        Console.WriteLine($"ingest benchmark: {rows:N0} rows ({Sites} plants x {rows / Sites:N0} hours), {Environment.ProcessorCount} cores");
        var small = new List<(long, string)>();
        var large = new List<(long, string)>();
        foreach (var site in sites)
        {
            small.Add((site.Id, await WriteFileAsync(site, rows / 4 / Sites, Path.Combine(work, $"ingest-small-{site.Id}.csv"))));
            large.Add((site.Id, await WriteFileAsync(site, rows / Sites, Path.Combine(work, $"ingest-large-{site.Id}.csv"))));
        }

        var baseline = await BaselineCopyAsync(dataSource, large.Select(f => f.Item2).ToList(), rows / Sites * Sites);
        var smallRun = await ImportAsync(hostDll, connectionString, small, rows / 4 / Sites * Sites, dataSource);
        await dataSource.CreateCommand("TRUNCATE collection.observations, collection.collection_runs, validation.data_quality_daily, validation.quarantine").ExecuteNonQueryAsync();
        var largeRun = await ImportAsync(hostDll, connectionString, large, rows / Sites * Sites, dataSource);
        rows = rows / Sites * Sites;

        Console.WriteLine();
        Console.WriteLine($"{"case",-34} {"rows",12} {"seconds",9} {"rows/s",11} {"peak MB",9}");
        Console.WriteLine($"{"baseline: COPY raw CSV, no index",-34} {rows,12:N0} {baseline.TotalSeconds,9:F2} {rows / baseline.TotalSeconds,11:N0} {"-",9}");
        Print("import N/4 (whole command)", smallRun.Rows, smallRun.Wall, smallRun.PeakMb);
        Print("import N   (whole command)", largeRun.Rows, largeRun.Wall, largeRun.PeakMb);
        Print("import N   (pipeline only)", largeRun.Rows, largeRun.Pipeline, null);
        Console.WriteLine();
        Console.WriteLine($"throughput: {rows / largeRun.Wall.TotalSeconds:N0} rows/s end to end (target >= 100,000); {rows / largeRun.Pipeline.TotalSeconds:N0} rows/s in the pipeline");
        Console.WriteLine($"ratio to baseline COPY: {baseline.TotalSeconds / largeRun.Wall.TotalSeconds:F2} (end to end), {baseline.TotalSeconds / largeRun.Pipeline.TotalSeconds:F2} (pipeline)");
        Console.WriteLine($"memory: peak {largeRun.PeakMb:F0} MB at N vs {smallRun.PeakMb:F0} MB at N/4 (ratio {largeRun.PeakMb / smallRun.PeakMb:F2}; flat = close to 1)");
        foreach (var (_, file) in small.Concat(large)) File.Delete(file);
        return largeRun.Rows == rows ? 0 : 1;
    }

    private static void Print(string label, long rows, TimeSpan time, double? peakMb) =>
        Console.WriteLine($"{label,-34} {rows,12:N0} {time.TotalSeconds,9:F2} {rows / time.TotalSeconds,11:N0} {(peakMb is { } p ? p.ToString("F0", CultureInfo.InvariantCulture) : "-"),9}");

    /// <summary>Solar plants spread over Colorado (the simulated weather differs per plant).</summary>
    private static async Task<List<Site>> CreateSitesAsync(NpgsqlDataSource dataSource)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        var sites = new List<Site>();
        for (var i = 0; i < Sites; i++)
        {
            var (lat, lon) = (38.5 + 0.2 * i, -106.0 + 0.15 * i);
            var id = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO sites.sites (name, type, latitude, longitude, capacity_kw, tilt_deg, azimuth_deg)
                VALUES (@name, 'solar', @lat, @lon, 500, 30, 180) RETURNING id
                """, new { name = $"Bench PV {i + 1}", lat, lon });
            sites.Add(new Site(id, $"Bench PV {i + 1}", PlantType.Solar, lat, lon, 500, 30, 180, null, null, "UTC", false, DateTimeOffset.UtcNow));
        }
        return sites;
    }

    /// <summary>Simulated plant hours ending at the start of 2025, so no row is in the future.</summary>
    private static async Task<string> WriteFileAsync(Site site, int rows, string path)
    {
        var end = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync(Header);
        string F(double? v) => v?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
        foreach (var o in SimulatedSource.Generate(site, end.AddHours(-rows), end, seed: 11))
            await writer.WriteLineAsync($"{o.Ts:yyyy-MM-ddTHH:mm:ssZ},{F(o.PowerKw)},{F(o.GhiWm2)},{F(o.DniWm2)},{F(o.DhiWm2)},,{F(o.TempC)},{F(o.WindSpeed10mMs)},{F(o.WindSpeed100mMs)},{F(o.WindDirDeg)},{F(o.PressureHpa)},{F(o.RelHumidityPct)}");
        return path;
    }

    private static async Task<TimeSpan> BaselineCopyAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> files, int rows)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            CREATE TABLE bench_raw (ts timestamptz, power_kw float8, ghi float8, dni float8, dhi float8, ghi_clear float8, temp_c float8,
                wind_speed_10m float8, wind_speed_hub float8, wind_dir float8, pressure_hpa float8, rel_humidity float8)
            """);
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            await using var writer = await conn.BeginTextImportAsync("COPY bench_raw FROM STDIN (FORMAT csv, HEADER true)");
            using var reader = new StreamReader(file);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0) await writer.WriteAsync(buffer, 0, read);
        }
        clock.Stop();
        var copied = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM bench_raw");
        if (copied != rows) throw new InvalidOperationException($"baseline copied {copied} rows, expected {rows}");
        await conn.ExecuteAsync("DROP TABLE bench_raw");
        return clock.Elapsed;
    }

    private static async Task<(long Rows, TimeSpan Wall, TimeSpan Pipeline, double PeakMb)> ImportAsync(
        string hostDll, string connectionString, IReadOnlyList<(long SiteId, string File)> files, int expected, NpgsqlDataSource dataSource)
    {
        string[] arguments = [hostDll, "import", "--format", "eval", .. files.SelectMany(f => new[] { "--site", f.SiteId.ToString(CultureInfo.InvariantCulture), f.File })];
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["ConnectionStrings__Redis"] = "";
        start.Environment["Devices__Mqtt__Host"] = "";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var (exit, output, wall, peak) = await BenchSupport.RunMeasuredAsync(start);
        if (exit != 0) throw new InvalidOperationException($"import exited with {exit}: {output}");

        await using var conn = await dataSource.OpenConnectionAsync();
        var stored = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM collection.observations");
        var pipelineSeconds = await conn.ExecuteScalarAsync<double>(
            "SELECT extract(epoch FROM max(finished_at) - min(started_at)) FROM collection.collection_runs WHERE outcome = 'succeeded'");
        if (stored != expected) Console.WriteLine($"warning: {stored:N0} rows stored, {expected:N0} expected");
        return (stored, wall, TimeSpan.FromSeconds(pipelineSeconds), peak);
    }
}
