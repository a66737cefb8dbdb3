using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SolarSync.Tests.Collection.Sources;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, ephemeral port) that answers like NASA POWER and Open-Meteo by replaying
/// the recorded fixtures, counts every request, and can be told to fail or hang first. It is the fake at the process
/// edge: the clients under test go through their real HttpClient and resilience handler.
/// </summary>
internal sealed class ReplayServer : IAsyncDisposable
{
    public static readonly string FixtureRoot =
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Collection", "Sources", "Fixtures");

    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentQueue<Fault> nextFaults = new();
    private readonly ConcurrentDictionary<string, string> fixtureByPathSuffix = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<RequestGate> gates = new();
    private volatile Func<RecordedRequest, int?>? persistentFailure;

    private ReplayServer(WebApplication app)
    {
        this.app = app;
        app.Run(HandleAsync);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static async Task<ReplayServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var server = new ReplayServer(builder.Build());
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next <paramref name="times"/> requests (to any path) get <paramref name="statusCode"/>.</summary>
    public void FailNext(int times, HttpStatusCode statusCode)
    {
        for (var i = 0; i < times; i++)
        {
            nextFaults.Enqueue(new Fault(statusCode, null));
        }
    }

    /// <summary>The next <paramref name="times"/> requests send nothing for <paramref name="duration"/> (or until the client gives up).</summary>
    public void HangNext(int times, TimeSpan duration)
    {
        for (var i = 0; i < times; i++)
        {
            nextFaults.Enqueue(new Fault(null, duration));
        }
    }

    /// <summary>
    /// The next request matching <paramref name="predicate"/> waits, before it is answered as usual, until the returned
    /// gate is opened: the test acts while the client waits for that answer.
    /// </summary>
    public RequestGate HoldNext(Func<RecordedRequest, bool> predicate)
    {
        var gate = new RequestGate(predicate);
        gates.Enqueue(gate);
        return gate;
    }

    /// <summary>Every request matching <paramref name="predicate"/> gets <paramref name="statusCode"/>, for good.</summary>
    public void AlwaysFail(Func<RecordedRequest, bool> predicate, HttpStatusCode statusCode) =>
        persistentFailure = request => predicate(request) ? (int)statusCode : null;

    /// <summary>Answer requests whose path ends with <paramref name="pathSuffix"/> with this fixture instead of the default.</summary>
    public void Serve(string pathSuffix, string fixture) => fixtureByPathSuffix[pathSuffix] = fixture;

    public int CountRequests(string pathSuffix) =>
        requests.Count(r => r.Path.EndsWith(pathSuffix, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        // A short stop: requests still hanging are aborted rather than awaited.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = new RecordedRequest(
            context.Request.Path.Value ?? "",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));
        requests.Enqueue(request);

        if (gates.FirstOrDefault(g => !g.Arrived.IsCompleted && g.Matches(request)) is { } gate)
        {
            try
            {
                await gate.PassAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up waiting
            }
        }

        if (persistentFailure?.Invoke(request) is { } failStatus)
        {
            await WriteStatusAsync(context, failStatus);
            return;
        }

        if (nextFaults.TryDequeue(out var fault))
        {
            if (fault.StatusCode is { } status)
            {
                await WriteStatusAsync(context, (int)status);
                return;
            }

            try
            {
                await Task.Delay(fault.Hang!.Value, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client timed out and went away
            }
        }

        var fixture = FixtureFor(request);
        var file = fixture is null ? null : Path.Combine(FixtureRoot, fixture);
        if (file is null || !File.Exists(file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"no fixture for {request.Path}{context.Request.QueryString} ({fixture})");
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.SendFileAsync(file);
    }

    private string? FixtureFor(RecordedRequest request)
    {
        foreach (var (suffix, fixture) in fixtureByPathSuffix)
        {
            if (request.Path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return fixture;
            }
        }

        // Default routes, named after what the real APIs would be asked.
        if (request.Path.EndsWith("/api/temporal/hourly/point", StringComparison.Ordinal))
        {
            return $"nasa-power/hourly_{request.Query.GetValueOrDefault("start")}_{request.Query.GetValueOrDefault("end")}.json";
        }

        if (request.Path.EndsWith("/v1/forecast", StringComparison.Ordinal))
        {
            return "open-meteo/forecast.json";
        }

        if (request.Path.EndsWith("/v1/archive", StringComparison.Ordinal))
        {
            return $"open-meteo/archive_{request.Query.GetValueOrDefault("start_date")}_{request.Query.GetValueOrDefault("end_date")}.json";
        }

        return null;
    }

    private static async Task WriteStatusAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // Shaped like the sources' own error bodies (Open-Meteo: {"error": true, "reason": ...}).
        await context.Response.WriteAsync($$"""{"error": true, "reason": "injected status {{status}}"}""");
    }

    private sealed record Fault(HttpStatusCode? StatusCode, TimeSpan? Hang);
}

/// <summary>A request held by <see cref="ReplayServer.HoldNext"/>: <see cref="Arrived"/> once it came, answered after <see cref="Open"/>.</summary>
internal sealed class RequestGate(Func<RecordedRequest, bool> predicate)
{
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Arrived => arrived.Task;

    public void Open() => opened.TrySetResult();

    internal bool Matches(RecordedRequest request) => predicate(request);

    internal async Task PassAsync(CancellationToken ct)
    {
        arrived.TrySetResult();
        await opened.Task.WaitAsync(ct);
    }
}

internal sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Query);
