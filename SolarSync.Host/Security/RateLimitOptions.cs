using System.ComponentModel.DataAnnotations;

namespace SolarSync.Host.Security;

internal sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests each client may make per window on public endpoints.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimiting:PermitLimit must be between 1 and 1000000.")]
    public int PermitLimit { get; init; } = 600;

    [Range(1, 3600, ErrorMessage = "RateLimiting:WindowSeconds must be between 1 and 3600.")]
    public int WindowSeconds { get; init; } = 60;
}
