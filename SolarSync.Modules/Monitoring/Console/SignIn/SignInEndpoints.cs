using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Monitoring.Console.Layout;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Modules.Monitoring.Console.SignIn;

/// <summary>
/// /signin: a form that takes an API key, checks it and keeps it in an HttpOnly, SameSite=Strict cookie (Secure over
/// HTTPS) that the host accepts on GET and HEAD only; /signout forgets it.
/// </summary>
internal static class SignInEndpoints
{
    // Keys are a few dozen characters; anything far longer is not a key.
    private const int MaxFormBytes = 4096;
    private const int MaxKeyLength = 512;

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext http) => Form(http, error: null, StatusCodes.Status200OK));
        app.MapPost("/signin", SignInAsync).RequireRateLimiting(AuthorizationPolicies.PublicRateLimit);
        app.MapMethods("/signout", [HttpMethods.Get, HttpMethods.Post], SignOut);
    }

    internal static async Task<IResult> SignInAsync(HttpContext http, IApiKeyValidator keys)
    {
        if (http.Request.ContentLength is > MaxFormBytes || !http.Request.HasFormContentType)
            return Form(http, "Send the key from the sign-in form.", StatusCodes.Status400BadRequest);
        // A body without a length is cut off at the same size (413).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxFormBytes;
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException)
        {
            // The form decoder throws InvalidOperationException for an encoded NUL ("key=%00"), InvalidDataException
            // for a form beyond its limits: the client's fault, not a 500.
            return Form(http, "Send the key from the sign-in form.", StatusCodes.Status400BadRequest);
        }
        var key = form["key"].ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength || keys.Validate(key) is not { } client)
            return Form(http, "That key is not valid.", StatusCodes.Status401Unauthorized);
        if (client.Role is not (Roles.Reader or Roles.Admin))
            return Form(http, "That key may not read the console.", StatusCodes.Status403Forbidden);

        http.Response.Cookies.Append(ApiKeyCookie.Name, key, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return Results.Redirect(LocalTarget(form["return"].ToString()), permanent: false, preserveMethod: false);
    }

    internal static IResult SignOut(HttpContext http)
    {
        http.Response.Cookies.Delete(ApiKeyCookie.Name, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps });
        return Results.Redirect("/signin");
    }

    /// <summary>Only a path of this host ("/sites/2"): never another origin ("//evil", "/\evil", "https://…").</summary>
    internal static string LocalTarget(string? path) =>
        path is { Length: > 0 and < 200 } p && p[0] == '/' && (p.Length == 1 || (p[1] != '/' && p[1] != '\\')) && !p.Any(char.IsControl) ? p : "/";

    private static HtmlPage Form(HttpContext http, string? error, int status)
    {
        var target = LocalTarget(http.Request.Query["return"].ToString());
        var html = new Html().Add($"""
            <section class="notice">
              <h1>Sign in</h1>
              <p>Paste a <strong>reader</strong> or <strong>admin</strong> API key. The browser keeps it in a cookie only this site can read
                 until you sign out or close the browser; it opens the console's pages and nothing that changes data.</p>
            """);
        if (error is not null) html.Add($"""<p class="error" role="alert">{error}</p>""");
        html.Add($"""
              <form method="post" action="/signin" class="signin">
                <input type="hidden" name="return" value="{target}">
                <label for="key">API key</label>
                <input id="key" name="key" type="password" autocomplete="current-password" required maxlength="{MaxKeyLength}" autofocus>
                <button type="submit">Sign in</button>
              </form>
            </section>
            """);
        return new HtmlPage("Sign in", html.ToMarkup()) { StatusCode = status };
    }
}
