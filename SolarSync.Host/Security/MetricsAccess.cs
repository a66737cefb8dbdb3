using System.Net;
using System.Security.Claims;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.Security;

/// <summary>
/// Who may scrape /metrics: a caller on this machine (Prometheus on the same box) or any client with a reader or admin
/// key. The address is the one the forwarded-headers middleware leaves, so behind a proxy of Http:KnownProxies it is
/// the proxy's client. No address at all means no network peer (a Unix socket, the in-process test server).
/// </summary>
internal static class MetricsAccess
{
    public const string Policy = "metrics";

    public static bool IsAllowed(ClaimsPrincipal user, IPAddress? remote) =>
        remote is null || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)
        || user.IsInRole(Roles.Reader) || user.IsInRole(Roles.Admin);
}
