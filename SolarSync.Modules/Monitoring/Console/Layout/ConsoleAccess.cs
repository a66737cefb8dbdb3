using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Modules.Monitoring.Console.Layout;

/// <summary>
/// The console's pages need a reader or admin key (X-Api-Key, the Basic password or the sign-in cookie). Without one
/// the answer is 401 with the authentication scheme's challenge (WWW-Authenticate: Basic) and a page that says what
/// is needed and links to the sign-in form, rather than an empty body.
/// </summary>
internal static class ConsoleAccess
{
    public static async ValueTask<object?> RequireReaderAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.IsInRole(Roles.Reader) || http.User.IsInRole(Roles.Admin)) return await next(context);

        await http.ChallengeAsync();
        var html = new Html().Add($"""
            <section class="notice">
              <h1>A key is needed</h1>
              <p>The SolarSync console shows plant data to operators: it needs a <strong>reader</strong> or <strong>admin</strong> API key.</p>
              <p><a class="button" href="/signin">Sign in with your key</a></p>
              <p class="hint">Scripts and browsers may also send the key as the password of HTTP Basic credentials (any user name) or in the X-Api-Key header.
                 An administrator makes keys with <code>scripts/apikey.sh &lt;client&gt; reader</code>.</p>
            </section>
            """);
        return new HtmlPage("Sign-in needed", html.ToMarkup()) { StatusCode = StatusCodes.Status401Unauthorized };
    }
}
