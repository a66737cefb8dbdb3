using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.Security;

/// <summary>
/// Authenticates a request by its API key: the X-Api-Key header, the password of HTTP Basic credentials (so a browser
/// can open the Hangfire dashboard and the console), or, on GET and HEAD only, the console's sign-in cookie
/// (<see cref="ApiKeyCookie"/>): a cookie travels with requests another site makes the browser send, so it never
/// authorises one that changes anything.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ApiKeyValidator keys,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null) return Task.FromResult(AuthenticateResult.NoResult());

        if (keys.Validate(presented) is not { } client) return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, client.Client), new Claim(ClaimTypes.Role, client.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"SolarSync\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header))
            return header.ToString();
        if (AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var auth)
            && auth.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && auth.Parameter is not null)
        {
            try
            {
                var userAndPassword = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter));
                var colon = userAndPassword.IndexOf(':');
                return colon < 0 ? null : userAndPassword[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }
        if ((HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method))
            && Request.Cookies.TryGetValue(ApiKeyCookie.Name, out var cookie) && !string.IsNullOrEmpty(cookie))
            return cookie;
        return null;
    }
}
