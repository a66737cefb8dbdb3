using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SolarSync.Tests.Monitoring.Alerts;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, ephemeral port) standing in for a chat or paging webhook: it records
/// every POST by path and answers 200, or 500 when told to fail the next requests of a path or all of them.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Path, string Body)> requests = new();
    private readonly ConcurrentDictionary<string, int> failNext = new();
    private readonly ConcurrentDictionary<string, bool> failAlways = new();

    private WebhookReceiver(WebApplication app)
    {
        this.app = app;
        app.Run(HandleAsync);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(builder.Build());
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    public string UrlOf(string path) => new Uri(BaseUrl, path.TrimStart('/')).ToString();

    /// <summary>Every request to <paramref name="path"/> so far, body parsed as JSON.</summary>
    public IReadOnlyList<JsonObject> Received(string path) =>
        requests.Where(r => r.Path == path).Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();

    public void FailNext(string path, int times) => failNext[path] = times;

    public void FailAlways(string path, bool fail = true) => failAlways[path] = fail;

    public void Clear()
    {
        requests.Clear();
        failNext.Clear();
        failAlways.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        using var reader = new StreamReader(context.Request.Body);
        requests.Enqueue((path, await reader.ReadToEndAsync()));
        var fail = failAlways.GetValueOrDefault(path);
        if (!fail && failNext.TryGetValue(path, out var left) && left > 0)
        {
            failNext[path] = left - 1;
            fail = true;
        }

        context.Response.StatusCode = fail ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        await context.Response.WriteAsync(fail ? "receiver down" : "ok");
    }
}
