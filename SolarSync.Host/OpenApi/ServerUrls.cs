using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SolarSync.Host.OpenApi;

/// <summary>
/// The server URL is built from the request with an empty path, so it ends in '/'; a client joining it with an
/// operation's path ('/api/...') would then ask for '//api/...'. The URL is written without the trailing slash.
/// </summary>
internal sealed class ServerUrls : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
        }

        return Task.CompletedTask;
    }
}
