using System.Globalization;
using Microsoft.OpenApi;

namespace SolarSync.Host.OpenApi;

/// <summary>An error answer as the host writes it: an RFC 7807 problem (UseStatusCodePages fills empty error responses).</summary>
internal static class ProblemResponse
{
    public const string SchemaName = "ProblemDetails";

    private const string MediaType = "application/problem+json";

    /// <summary>Adds the answer unless the endpoint already declares this status itself.</summary>
    public static void AddTo(
        OpenApiOperation operation, int status, string description, OpenApiDocument? document, IDictionary<string, IOpenApiHeader>? headers = null)
    {
        operation.Responses ??= [];
        operation.Responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Headers = headers,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [MediaType] = new() { Schema = new OpenApiSchemaReference(SchemaName, document) },
            },
        });
    }
}
