namespace SolarSync.Modules.Shared.Security;

/// <summary>Names shared by the host (which defines them) and the modules (which require them).</summary>
public static class AuthorizationPolicies
{
    public const string Admin = "admin";
    /// <summary>
    /// A reader or admin key. It is also the fallback policy: an endpoint without authorization metadata of its own
    /// needs it unless Auth:AnonymousReads is true, so a new read endpoint is never open by omission.
    /// </summary>
    public const string Reader = "reader";

    /// <summary>Rate-limiter policy for public endpoints.</summary>
    public const string PublicRateLimit = "public";

    /// <summary>CORS policy of the public read API: the origins of Http:CorsOrigins may GET it from a browser.</summary>
    public const string PublicReadCors = "public-read";
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Reader = "reader";

    /// <summary>Every role a key may have.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Reader];
}
