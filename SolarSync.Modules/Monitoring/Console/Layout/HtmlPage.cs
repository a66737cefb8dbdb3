using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SolarSync.Modules.Monitoring.Console.Layout;

/// <summary>
/// The console's page frame (header, navigation, footer) and the response that sends it: UTF-8 HTML that is never
/// cached, may not be framed and runs only this host's scripts, with the server time it took in Server-Timing.
/// </summary>
internal sealed class HtmlPage(string title, Markup body) : IResult
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public int StatusCode { get; init; } = StatusCodes.Status200OK;

    /// <summary>Extra elements of the head (a page's own scripts and styles).</summary>
    public Markup Head { get; init; } = Markup.Empty;

    /// <summary>Started when the request's handler began; its elapsed time goes into Server-Timing and the footer.</summary>
    public Stopwatch? Elapsed { get; init; }

    public async Task ExecuteAsync(HttpContext http)
    {
        var user = http.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var html = new Html();
        html.Add($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · SolarSync</title>
            <link rel="icon" href="/console/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/console/console.css">
            {Head}
            </head>
            <body>
            <header class="top">
              <a class="brand" href="/">SolarSync</a>
              <nav><a href="/">Overview</a><a href="/hangfire">Jobs</a><a href="/metrics">Metrics</a><a href="/scalar">API</a></nav>
              {(signedIn ? Who(user) : new Html().Add($"""<a class="who" href="/signin">Sign in</a>""").ToMarkup())}
            </header>
            <main>
            {body}
            </main>
            """);
        var ms = Elapsed?.Elapsed.TotalMilliseconds;
        if (ms is { } took) html.Add($"""<footer>Rendered in {took:0} ms.</footer>""");
        html.Add($"""
            </body>
            </html>
            """);

        var response = http.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "same-origin";
        if (ms is { } serverMs) response.Headers["Server-Timing"] = "app;dur=" + serverMs.ToString("0.0", CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(html.ToString());
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method)) await response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    private static Markup Who(ClaimsPrincipal user)
    {
        var role = user.FindFirst(ClaimTypes.Role)?.Value;
        return new Html().Add($"""
            <form class="who" method="post" action="/signout"><span>{user.Identity?.Name} ({role})</span><button type="submit">Sign out</button></form>
            """).ToMarkup();
    }
}
