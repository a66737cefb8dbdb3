using System.ComponentModel.DataAnnotations;

namespace SolarSync.Host.Security;

internal sealed class HttpOptions : IValidatableObject
{
    public const string Section = "Http";

    /// <summary>
    /// Browser origins (scheme, host and port, e.g. https://console.example.com) that may read the public read API
    /// with GET/HEAD. Empty: no cross-origin reads.
    /// </summary>
    public string[] CorsOrigins { get; init; } = [];

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
    }
}
