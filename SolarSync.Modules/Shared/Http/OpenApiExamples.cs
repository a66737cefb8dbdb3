using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;

namespace SolarSync.Modules.Shared.Http;

/// <summary>Example bodies in the OpenAPI document, so /scalar shows what an answer looks like.</summary>
public static class OpenApiExamples
{
    /// <summary>Sets the example of a response (by status code) on every content type the endpoint declares for it.</summary>
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder builder, int statusCode, string json)
    {
        var example = JsonNode.Parse(json);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(statusCode.ToString(), out var response) == true && response.Content is { } content)
            {
                foreach (var media in content.Values) media.Example = example?.DeepClone();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Sets the example of the request body.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json)
    {
        var example = JsonNode.Parse(json);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values) media.Example = example?.DeepClone();
            }

            return Task.CompletedTask;
        });
    }
}
