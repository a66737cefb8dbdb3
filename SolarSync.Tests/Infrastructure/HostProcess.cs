using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace SolarSync.Tests.Infrastructure;

/// <summary>
/// The real host as a child process (the build output of SolarSync.Host, as systemd runs it), configured by
/// environment variables, on a free loopback port. It can be killed (SIGKILL) or stopped as systemd stops it (SIGTERM);
/// its output is kept for failure messages.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private const int KeptLines = 400;

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private bool disposed;

    private HostProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The host's build output of this test assembly's configuration and framework (bin/&lt;configuration&gt;/&lt;tfm&gt;/).</summary>
    public static string HostDll { get; } = FindHostDll();

    public Uri BaseAddress { get; }

    /// <summary>
    /// Settings (configuration keys, "Section:Key") for a test host on <paramref name="database"/> and
    /// <paramref name="modelsPath"/>: the test Redis, an admin key, no MQTT broker, no cache (a forecast names the model
    /// that computed it), and SolarSync's information and everyone else's warnings in the log.
    /// </summary>
    public static Dictionary<string, string?> Defaults(string database, string modelsPath) => new()
    {
        ["ConnectionStrings:Postgres"] = database,
        ["ConnectionStrings:Redis"] = TestServices.Redis,
        ["Models:Path"] = modelsPath,
        ["Auth:ApiKeys:testadmin:Sha256"] = SolarSyncApp.Sha256(SolarSyncApp.AdminKey),
        ["Auth:ApiKeys:testadmin:Role"] = "admin",
        ["Devices:Mqtt:Host"] = "",
        ["Prediction:CacheEnabled"] = "false",
        ["RateLimiting:PermitLimit"] = "100000",
        ["Hangfire:QueuePollSeconds"] = "1",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:SolarSync"] = "Information",
    };

    /// <summary>Starts the host and waits until /health/ready answers 200; fails the test with its output otherwise.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan? readyWithin = null)
    {
        Assert.That(File.Exists(HostDll), Is.True, $"{HostDll} is missing: build the solution first.");
        var baseAddress = new Uri($"http://127.0.0.1:{TestServices.FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet", [HostDll, "--urls", baseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["OMP_WAIT_POLICY"] = "passive",
                // The test runner's own environment must not leak into the host's configuration.
                ["ConnectionStrings__Postgres"] = null,
            },
        };
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var host = new HostProcess(Process.Start(start)!, baseAddress);
        await host.WaitUntilReadyAsync(readyWithin ?? TimeSpan.FromMinutes(2));
        return host;
    }

    public HttpClient CreateClient(string? apiKey = SolarSyncApp.AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>SIGKILL: the process ends at once, as in a power cut or the OOM killer; nothing of it runs any more.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd sends on stop: the host shuts down gracefully. Returns the time it took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            Assert.Fail($"The host did not exit within {within.TotalSeconds:F0} s of SIGTERM.\n{Tail()}");
        }

        return clock.Elapsed;
    }

    public int ExitCode => process.ExitCode;

    /// <summary>The last lines the host wrote, for a failure message.</summary>
    public string Tail(int lines = 60) => "--- host output (last lines) ---\n" + string.Join('\n', output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        await KillAsync();
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) Assert.Fail($"The host exited with code {process.ExitCode} before it was ready.\n{Tail()}");
            try
            {
                using var response = await probe.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timed out";
            }

            await Task.Delay(250);
        }

        await KillAsync();
        Assert.Fail($"The host was not ready within {within.TotalSeconds:F0} s (last: {last}).\n{Tail()}");
    }

    private static string FindHostDll()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(TestServices.RepoRoot, "SolarSync.Host", "bin", framework.Parent!.Name, framework.Name, "SolarSync.Host.dll");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > KeptLines) output.TryDequeue(out _);
    }
}
