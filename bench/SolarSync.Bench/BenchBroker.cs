using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SolarSync.Bench;

/// <summary>
/// A Mosquitto of the benchmark's own, as a child process on a free loopback port, so no other client shares it. Its
/// configuration lives in a temporary directory under the work directory; no persistence (a throwaway broker), no cap
/// on queued or in-flight messages (as scripts/services.sh configures the development broker).
/// </summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private BenchBroker(Process process, string directory, int port, string logPath)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
        LogPath = logPath;
    }

    public int Port { get; }
    public int ProcessId => process.Id;
    public string LogPath { get; }

    public static async Task<BenchBroker> StartAsync(string work)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, "mqtt-broker-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var port = BenchSupport.FreePort();
        var logPath = Path.Combine(work, "mqtt-broker.log");
        var config = Path.Combine(directory, "mosquitto.conf");
        var lines = new List<string>
        {
            $"listener {port} 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "max_queued_messages 1000000",
            "max_inflight_messages 8000",
            "set_tcp_nodelay true",
            $"log_dest file {logPath}",
        };
        // Mosquitto started as root drops to the 'mosquitto' user unless told otherwise, and then cannot write its log here.
        if (Environment.IsPrivilegedProcess) lines.Add("user root");
        await File.WriteAllLinesAsync(config, lines);

        var process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("mosquitto did not start (is it installed?).");
        var broker = new BenchBroker(process, directory, port, logPath);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return broker;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        await broker.DisposeAsync();
        throw new TimeoutException($"mosquitto did not listen on port {port} within 10 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
