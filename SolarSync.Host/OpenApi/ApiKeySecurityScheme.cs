using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SolarSync.Host.Security;

namespace SolarSync.Host.OpenApi;

/// <summary>
/// Declares the API key (the X-Api-Key header) as the document's one security scheme, and the ProblemDetails schema
/// that the error answers added by <see cref="ProblemResponse"/> refer to.
/// </summary>
internal sealed class ApiKeySecurityScheme : IOpenApiDocumentTransformer
{
    public const string Name = "ApiKey";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "An API key of role admin or reader (scripts/apikey.sh makes one). Browsers may send it as the password of "
                + "HTTP Basic credentials instead.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(ProblemResponse.SchemaName))
            document.Components.Schemas[ProblemResponse.SchemaName] = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
    }

    public static OpenApiSecurityRequirement Requirement(OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(Name, document)] = [] };
}
