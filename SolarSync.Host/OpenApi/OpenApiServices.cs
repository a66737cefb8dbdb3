namespace SolarSync.Host.OpenApi;

internal static class OpenApiServices
{
    /// <summary>
    /// The API document at /openapi/v1.json: each operation's security and error answers come from the endpoint's own
    /// authorization, rate-limit and body metadata, so the document cannot drift from what the pipeline enforces.
    /// </summary>
    public static IHostApplicationBuilder AddSolarSyncOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiKeySecurityScheme>();
            options.AddDocumentTransformer<ServerUrls>();
            options.AddOperationTransformer<AuthorizationResponses>();
            options.AddOperationTransformer<LimitResponses>();
        });
        return builder;
    }
}
