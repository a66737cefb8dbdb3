using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.Security;

internal static class CorsServices
{
    /// <summary>
    /// The CORS policy of the public read API: the origins of Http:CorsOrigins may GET/HEAD it with any header, without
    /// credentials (the API key is a header the browser would have to be given, not a cookie it sends by itself).
    /// <see cref="HttpOptions"/> is bound by <see cref="SecurityServices.AddSolarSyncSecurity"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSolarSyncCors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<HttpOptions>>((cors, http) =>
            cors.AddPolicy(AuthorizationPolicies.PublicReadCors, policy => policy
                .WithOrigins(http.Value.CorsOrigins)
                .WithMethods(HttpMethods.Get, HttpMethods.Head)
                .AllowAnyHeader()));
        return builder;
    }
}
