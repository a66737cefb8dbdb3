namespace SolarSync.Host.Security;

/// <summary>
/// Headers every response carries: no MIME sniffing, no referrer leaving the site, no Server banner; the Hangfire
/// dashboard (an admin page with buttons) may not be framed by another page. The console sets its own stricter CSP.
/// </summary>
internal static class SecurityHeaders
{
    public static IHostApplicationBuilder AddSolarSyncSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    public static IApplicationBuilder UseSolarSyncSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Read now: inside the dashboard's branch the path has moved into PathBase.
            var isDashboard = context.Request.Path.StartsWithSegments("/hangfire");
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = "no-referrer";
                if (isDashboard)
                {
                    headers.XFrameOptions = "DENY";
                    if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
}
