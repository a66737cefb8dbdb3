using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SolarSync.Host.Security;

internal sealed class HttpOptions : IValidatableObject
{
    public const string Section = "Http";

    /// <summary>
    /// Browser origins (scheme, host and port, e.g. https://console.example.com) that may read the public read API
    /// with GET/HEAD. Empty: no cross-origin reads.
    /// </summary>
    public string[] CorsOrigins { get; init; } = [];

    /// <summary>
    /// Addresses of the reverse proxies (nginx) whose X-Forwarded-For and X-Forwarded-Proto are believed, e.g.
    /// 127.0.0.1 for nginx on the same machine. Empty: those headers are ignored and the client is the connection's
    /// peer, whoever sends them.
    /// </summary>
    public string[] KnownProxies { get; init; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < CorsOrigins.Length; i++)
        {
            var origin = CorsOrigins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.Fragment) || origin.EndsWith('/'))
            {
                yield return new ValidationResult(
                    $"Http:CorsOrigins:{i} must be an origin such as https://console.example.com (scheme, host, port; no path), not '{origin}'.");
            }
        }

        for (var i = 0; i < KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
                yield return new ValidationResult($"Http:KnownProxies:{i} must be an IP address such as 127.0.0.1, not '{KnownProxies[i]}'.");
        }
    }
}
