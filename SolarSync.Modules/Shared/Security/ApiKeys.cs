namespace SolarSync.Modules.Shared.Security;

/// <summary>
/// Checks a presented API key against the configured ones (the host implements it; the console's sign-in uses it).
/// </summary>
public interface IApiKeyValidator
{
    /// <summary>The key's client name and role (<see cref="Roles"/>), or null when the key is not valid.</summary>
    (string Client, string Role)? Validate(string presentedKey);
}

/// <summary>
/// The cookie a browser holds after signing in to the console: the API key itself, HttpOnly and SameSite=Strict. The
/// host accepts it on GET and HEAD only, so a cookie can never authorise a request that changes anything.
/// </summary>
public static class ApiKeyCookie
{
    public const string Name = "solarsync_key";
}
