using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Serving;

/// <summary>
/// Readiness (docs/architecture.md §6): a Production model for every plant type that has sites. Without one the service still
/// answers, from the physical model, so the check reports Degraded rather than Unhealthy (readiness stays 200).
/// </summary>
internal sealed class ProductionModelHealthCheck(ISiteDirectory sites, ModelRegistry registry) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var missing = new List<string>();
        var served = new List<string>();
        foreach (var type in PlantTypes.All)
        {
            if ((await sites.ListAsync(type, ct)).Count == 0) continue;
            if (await registry.ProductionAsync(type.ToDbName(), ct) is { } production) served.Add($"{type.ToDbName()} {production.Version}");
            else missing.Add(type.ToDbName());
        }

        return missing.Count == 0
            ? HealthCheckResult.Healthy(served.Count == 0 ? "No sites yet." : "Serving " + string.Join(", ", served) + ".")
            : HealthCheckResult.Degraded($"No Production {string.Join(" or ", missing)} model: those forecasts come from the stand-in " +
                "(the physical model; for load, the same hour last week).");
    }
}
