using Microsoft.AspNetCore.Routing.Patterns;

namespace SolarSync.Host.Security;

/// <summary>
/// The audit log's action names, by HTTP method and route pattern: the one place an admin endpoint gets its name. An
/// admin route that changes something and is missing here is recorded as <see cref="Unnamed"/>; a test lists every
/// admin route of the host and fails on one.
/// </summary>
internal static class AdminActionNames
{
    public const string Unnamed = "other";
    public const string Dashboard = "/hangfire/{**path}";

    private static readonly Dictionary<(string Method, string Route), string> ByRoute = new()
    {
        [("POST", "/admin/import")] = "import",
        [("POST", "/api/v1/sites")] = "site.create",
        [("DELETE", "/api/v1/sites/{id:long}")] = "site.delete",
        [("POST", "/admin/retrain")] = "retrain",
        [("POST", "/admin/model/{type}/promote/{version}")] = "model.promote",
        [("POST", "/admin/model/{type}/rollback")] = "model.rollback",
        [("POST", "/monitoring/cache/clear")] = "cache.clear",
        [("POST", "/admin/experiments")] = "experiment.start",
        [("POST", "/admin/experiments/{id:long}/stop")] = "experiment.stop",
        [("POST", "/admin/experiments/{id:long}/promote")] = "experiment.promote",
        [("POST", "/api/iot/devices/register")] = "device.register",
        [("DELETE", "/api/iot/devices/{id}")] = "device.delete",
        // Triggering, requeueing or deleting jobs from the dashboard; the target is the dashboard's command path.
        [("POST", Dashboard)] = "jobs.dashboard",
    };

    public static string For(string method, string route) => ByRoute.GetValueOrDefault((method.ToUpperInvariant(), route), Unnamed);

    /// <summary>"/api/v1/sites/" (a group's root) → "/api/v1/sites"; patterns keep their parameters and constraints.</summary>
    public static string RouteOf(RoutePattern pattern)
    {
        var raw = pattern.RawText ?? "/";
        if (!raw.StartsWith('/')) raw = "/" + raw;
        return raw.Length > 1 ? raw.TrimEnd('/') : raw;
    }

    /// <summary>
    /// A POST that only reads: the open dashboard polls /hangfire/stats every few seconds, which would bury the actions.
    /// </summary>
    public static bool IsRead(string route, RouteValueDictionary values) =>
        route == Dashboard && values.TryGetValue("path", out var path) && path as string == "stats";
}
