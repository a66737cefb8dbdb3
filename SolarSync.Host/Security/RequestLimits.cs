namespace SolarSync.Host.Security;

internal static class RequestLimits
{
    /// <summary>
    /// Applies Kestrel:Limits from configuration (MaxRequestBodySize, 1 MiB in appsettings.json): Kestrel's own
    /// configuration loader reads endpoints and certificates but not limits, so without this the setting is ignored.
    /// Endpoints that take more (the CSV import) raise their own limit with request-size metadata.
    /// </summary>
    public static IHostApplicationBuilder AddSolarSyncRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) => context.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));
        return builder;
    }
}
