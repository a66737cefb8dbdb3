using System.Globalization;

namespace SolarSync.Bench;

/// <summary>CPU seconds (user + system) from /proc, to split a phase's CPU between the processes taking part.</summary>
internal static class CpuTime
{
    // /proc reports CPU time in clock ticks; Linux has used 100 a second (USER_HZ) on every architecture for decades.
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds a process has used so far; 0 when it is gone.</summary>
    public static double OfProcess(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// CPU seconds of the PostgreSQL server processes working for <paramref name="database"/>: its backends (and autovacuum
    /// workers) and the server's background processes (WAL writer, checkpointer …), which serve every database. Backends
    /// that exit during a phase take their time with them; the pooled connections of the host stay open.
    /// </summary>
    public static double OfPostgres(string database)
    {
        double seconds = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string title;
            try
            {
                title = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (!title.StartsWith("postgres: ", StringComparison.Ordinal)) continue;
            var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // A client backend's title is "postgres: user database host(port) state"; a background process has no host.
            var isBackground = !title.Contains('(', StringComparison.Ordinal) && !title.Contains("autovacuum worker", StringComparison.Ordinal);
            if (isBackground || words.Contains(database)) seconds += OfProcess(pid);
        }
        return seconds;
    }

    /// <summary>Busy and total CPU seconds of the whole machine (all cores) so far, from /proc/stat.</summary>
    public static (double Busy, double Total) OfMachine()
    {
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already counted in user and nice).
        var total = ticks.Take(8).Sum();
        var idle = ticks[3] + ticks[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }
}
