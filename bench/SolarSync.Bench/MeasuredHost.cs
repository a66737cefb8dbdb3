using System.Diagnostics;

namespace SolarSync.Bench;

/// <summary>
/// The host as a long-running child process (dotnet SolarSync.Host.dll --urls …), its output in a log file and its
/// peak resident memory (VmHWM, the kernel's high-water mark) sampled from /proc until it is stopped.
/// </summary>
internal sealed class MeasuredHost : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Task sampler;
    private readonly CancellationTokenSource stop = new();
    private double peakKb;

    private MeasuredHost(Process process, StreamWriter log, string logPath, string baseUrl)
    {
        this.process = process;
        this.log = log;
        LogPath = logPath;
        BaseUrl = baseUrl;
        sampler = SampleAsync();
    }

    public string BaseUrl { get; }
    public string LogPath { get; }
    public double PeakMb => Volatile.Read(ref peakKb) / 1024;
    public bool HasExited => process.HasExited;
    public int ProcessId => process.Id;

    public static MeasuredHost Start(string hostDll, int port, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [hostDll, "--urls", baseUrl])
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = Process.Start(start)!;
        DataReceivedEventHandler write = (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.WriteLine(e.Data);
        };
        process.OutputDataReceived += write;
        process.ErrorDataReceived += write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new MeasuredHost(process, log, logPath, baseUrl);
    }

    /// <summary>The last lines of the host's output, for an error message.</summary>
    public string Tail(int lines = 30)
    {
        lock (log) log.Flush();
        try
        {
            using var reader = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = new StreamReader(reader);
            var all = text.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no host output)";
        }
    }

    /// <summary>SIGTERM (a graceful shutdown), then SIGKILL after 15 s.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])))
                await kill!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        await stop.CancelAsync();
        await sampler;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        lock (log) log.Dispose();
        stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!process.HasExited) Volatile.Write(ref peakKb, Math.Max(peakKb, BenchSupport.ReadVmHwmKb(process.Id)));
                await Task.Delay(100, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
