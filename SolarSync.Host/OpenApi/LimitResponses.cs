using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace SolarSync.Host.OpenApi;

/// <summary>
/// The answers of the host's limits: 413 for any operation that takes a body (Kestrel:Limits:MaxRequestBodySize, or
/// the endpoint's own request-size limit), 429 with Retry-After where a rate-limit policy applies to the endpoint.
/// </summary>
internal sealed class LimitResponses : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody is not null)
            ProblemResponse.AddTo(operation, StatusCodes.Status413PayloadTooLarge, "The request body is larger than this endpoint accepts.", context.Document);

        if (IsRateLimited(new EndpointMetadataCollection(context.Description.ActionDescriptor.EndpointMetadata)))
        {
            ProblemResponse.AddTo(operation, StatusCodes.Status429TooManyRequests,
                "This client's rate limit is used up (counted per key name, else per address).", context.Document, RetryAfter());
        }

        return Task.CompletedTask;
    }

    private static Dictionary<string, IOpenApiHeader> RetryAfter() => new()
    {
        ["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds until the limit allows requests again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        },
    };

    /// <summary>As the rate-limiting middleware reads the metadata (no global limiter is configured).</summary>
    private static bool IsRateLimited(EndpointMetadataCollection metadata) =>
        metadata.GetMetadata<EnableRateLimitingAttribute>() is not null && metadata.GetMetadata<DisableRateLimitingAttribute>() is null;
}
