using System.ComponentModel.DataAnnotations;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.Security;

/// <summary>
/// API keys by client name. Only SHA-256 hashes are configured, from the environment
/// (Auth__ApiKeys__&lt;name&gt;__Sha256 and Auth__ApiKeys__&lt;name&gt;__Role); scripts/apikey.sh makes a key and its hash.
/// </summary>
internal sealed class ApiKeyOptions : IValidatableObject
{
    public const string Section = "Auth";

    public Dictionary<string, ApiKeyEntry> ApiKeys { get; init; } = [];

    /// <summary>
    /// When true, the read API answers without a key (the offline demo); otherwise every endpoint that declares no
    /// authorization of its own needs a reader or admin key.
    /// </summary>
    public bool AnonymousReads { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, key) in ApiKeys)
        {
            if (key.Sha256 is null || key.Sha256.Length != 64 || !key.Sha256.All(Uri.IsHexDigit))
                yield return new ValidationResult($"Auth:ApiKeys:{name}:Sha256 must be the 64-hex-digit SHA-256 of the key.");
            if (key.Role is null || !Roles.All.Contains(key.Role))
                yield return new ValidationResult($"Auth:ApiKeys:{name}:Role must be '{Roles.Admin}' or '{Roles.Reader}'.");
        }
    }
}

internal sealed class ApiKeyEntry
{
    public string? Sha256 { get; init; }

    public string? Role { get; init; }
}
