using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Devices;

/// <summary>
/// A Mosquitto of one test's own (free port, its own persistence folder), so the test may stop and restart it without
/// disturbing the broker the other tests share. Configured like the product's: persistence on, no cap on the messages
/// queued for an absent persistent session.
/// </summary>
internal sealed class PrivateMosquitto : IDisposable
{
    private readonly string folder;
    private Process? process;

    private PrivateMosquitto(string folder, int port)
    {
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The folder the broker's files live in (configuration, persistence, log), for certificates a test adds.</summary>
    public string Folder => folder;

    /// <param name="listenerLines">Extra settings of the listener (e.g. TLS certificate files), given the broker's folder.</param>
    public static async Task<PrivateMosquitto> StartAsync(Func<string, string>? listenerLines = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "solarsync-mosquitto-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var broker = new PrivateMosquitto(folder, TestServices.FreeLoopbackPort());
        var config = $"""
            listener {broker.Port} 127.0.0.1
            {listenerLines?.Invoke(folder) ?? ""}
            allow_anonymous true
            persistence true
            persistence_location {folder}/
            max_queued_messages 1000000
            max_inflight_messages 8000
            log_dest file {folder}/mosquitto.log
            {(Environment.UserName == "root" ? "user root" : "")}
            """;
        await File.WriteAllTextAsync(Path.Combine(folder, "mosquitto.conf"), config);
        await broker.StartProcessAsync();
        return broker;
    }

    /// <summary>Stops the broker the way an operator's restart does (SIGTERM: it saves its queues) and starts it again.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async Task StopAsync()
    {
        if (process is null) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        process.Dispose();
        process = null;
    }

    public void Dispose()
    {
        if (process is { HasExited: false }) process.Kill();
        process?.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing depends on it.
        }
    }

    private async Task StartProcessAsync()
    {
        process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", Path.Combine(folder, "mosquitto.conf")]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("mosquitto did not start");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        Assert.Fail($"mosquitto did not listen on {Port}: {File.ReadAllText(Path.Combine(folder, "mosquitto.log"))}");
    }
}
