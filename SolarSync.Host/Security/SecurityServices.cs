using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.Security;

internal static class SecurityServices
{
    /// <summary>
    /// API-key authentication (header, Basic password, console cookie on reads), the admin/reader/metrics policies (reader
    /// as the fallback unless Auth:AnonymousReads), the per-client limiter of public endpoints, and which proxies'
    /// forwarded headers are believed (Http section).
    /// </summary>
    public static IHostApplicationBuilder AddSolarSyncSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpOptions>>((forwarded, http) => TrustOnly(forwarded, http.Value.KnownProxies));
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyValidator>();
        builder.Services.AddSingleton<IApiKeyValidator>(sp => sp.GetRequiredService<ApiKeyValidator>());
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var reader = new AuthorizationPolicyBuilder().RequireRole(Roles.Admin, Roles.Reader).Build();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AuthorizationPolicies.Reader, reader)
            .AddPolicy(MetricsAccess.Policy, p => p.RequireAssertion(c =>
                c.Resource is HttpContext http && MetricsAccess.IsAllowed(c.User, http.Connection.RemoteIpAddress)));
        // The one place reads are guarded: every endpoint that states no authorization of its own (the read API) needs
        // the Reader policy; anonymous endpoints (health, the API document, the console's sign-in) say [AllowAnonymous].
        builder.Services.AddOptions<AuthorizationOptions>().Configure<IOptions<ApiKeyOptions>>((authorization, keys) =>
            authorization.FallbackPolicy = keys.Value.AnonymousReads ? null : reader);

        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthorizationPolicies.PublicRateLimit, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientId(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests.", Detail = "The rate limit of this client is used up; retry after the time in Retry-After." },
                });
            };
        });
        return builder;
    }

    /// <summary>
    /// X-Forwarded-For/-Proto are applied only from <paramref name="knownProxies"/>. The framework's defaults trust
    /// loopback, and with both trust lists empty it would believe anyone; so with no proxy configured the headers are
    /// not read at all, and a client cannot pick the address its rate limit, audit row and /metrics access go by.
    /// </summary>
    private static void TrustOnly(ForwardedHeadersOptions forwarded, string[] knownProxies)
    {
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var proxy in knownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        forwarded.ForwardedHeaders = knownProxies.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    }

    /// <summary>An authenticated client is limited by its key name, anyone else by remote address.</summary>
    private static string ClientId(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? "key:" + context.User.Identity.Name
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
