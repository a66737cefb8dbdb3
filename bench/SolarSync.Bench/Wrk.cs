using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SolarSync.Bench;

/// <summary>One wrk run's figures. Latencies in milliseconds; errors are socket errors and timeouts, non-2xx is HTTP status ≥ 400.</summary>
internal sealed record WrkResult(string Label, int Connections, long Requests, double Seconds, double P50Ms, double P95Ms, double P99Ms, double MaxMs,
    long SocketErrors, long Non2xx)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// Runs the wrk load generator (closed loop: each connection sends its next request when the previous one answers)
/// with a Lua script that cycles through the given paths and prints the figures wrk's own --latency table lacks (p95).
/// </summary>
internal static partial class Wrk
{
    // wrk calls init once per thread with the arguments after "--"; request() for every request; done() once at the end.
    private const string Script = """
        local paths = {}
        local n = 0
        function init(args)
          for _, p in ipairs(args) do paths[#paths + 1] = p end
        end
        function request()
          n = n + 1
          return wrk.format("GET", paths[(n % #paths) + 1])
        end
        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("SERVEBENCH requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50=%d p95=%d p99=%d max=%d\n",
            summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
            latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
        end
        """;

    public static async Task<WrkResult> RunAsync(string label, string baseUrl, IReadOnlyList<string> paths, int connections, int seconds, string workDirectory)
    {
        var script = Path.Combine(workDirectory, "serve.lua");
        await File.WriteAllTextAsync(script, Script);
        // Two wrk threads at most: the host needs the machine's cores too (wrk needs threads <= connections).
        var threads = Math.Min(2, connections);
        string[] arguments = ["-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", "10s", "--latency", "-s", script, baseUrl, "--", .. paths];
        var start = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        var match = Summary().Match(output);
        if (process.ExitCode != 0 || !match.Success) throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {output}");

        long Field(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        return new WrkResult(label, connections, Field("requests"), Field("duration") / 1e6,
            Field("p50") / 1e3, Field("p95") / 1e3, Field("p99") / 1e3, Field("max") / 1e3,
            Field("connect") + Field("read") + Field("write") + Field("timeout"), Field("status"));
    }

    [GeneratedRegex(@"SERVEBENCH requests=(?<requests>\d+) duration_us=(?<duration>\d+) connect=(?<connect>\d+) read=(?<read>\d+) write=(?<write>\d+) status=(?<status>\d+) timeout=(?<timeout>\d+) p50=(?<p50>\d+) p95=(?<p95>\d+) p99=(?<p99>\d+) max=(?<max>\d+)")]
    private static partial Regex Summary();
}
