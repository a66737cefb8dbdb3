using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Serving;

/// <summary>
/// Readiness (docs/architecture.md §6): a servable Production model for every plant type that has sites. Without one
/// (none promoted, or one trained on other feature columns than this build computes) the service still answers, from
/// the physical model, so the check reports Degraded rather than Unhealthy (readiness stays 200).
/// </summary>
internal sealed class ProductionModelHealthCheck(ISiteDirectory sites, ModelRegistry registry, ProductionModels production) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var missing = new List<string>();
        var unservable = new List<string>();
        var served = new List<string>();
        foreach (var type in PlantTypes.All)
        {
            if ((await sites.ListAsync(type, ct)).Count == 0) continue;
            if (await registry.ProductionAsync(type.ToDbName(), ct) is not { } model) missing.Add(type.ToDbName());
            else if (await production.Unservable(type, ct) is { } version) unservable.Add($"{type.ToDbName()} {version}");
            else served.Add($"{type.ToDbName()} {model.Version}");
        }

        if (missing.Count == 0 && unservable.Count == 0)
        {
            return HealthCheckResult.Healthy(served.Count == 0 ? "No sites yet." : "Serving " + string.Join(", ", served) + ".");
        }

        var problems = new List<string>();
        if (missing.Count > 0) problems.Add($"No Production {string.Join(" or ", missing)} model");
        if (unservable.Count > 0) problems.Add($"Production {string.Join(" and ", unservable)} trained on other feature columns than this build computes (retrain)");
        return HealthCheckResult.Degraded(string.Join("; ", problems) + ": those forecasts come from the stand-in " +
            "(the physical model; for load, the same hour last week).");
    }
}
