using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Serving;

internal sealed class ModelVersions(ModelRegistry registry, ModelStore store, ProductionModels production) : IModelVersions
{
    public async Task<string?> ProductionVersionAsync(PlantType type, CancellationToken ct) =>
        (await registry.ProductionAsync(type.ToDbName(), ct))?.Version;

    public async Task<string?> ServableStageAsync(PlantType type, string version, CancellationToken ct)
    {
        var found = await registry.FindAsync(type.ToDbName(), version, ct);
        return found is not null && store.Exists(type.ToDbName(), version) ? found.Status : null;
    }

    public async Task<bool> PromoteAsync(PlantType type, string version, CancellationToken ct)
    {
        var promoted = await registry.PromoteAsync(type.ToDbName(), version, ct);
        if (promoted is null) return false;
        production.Invalidate(type.ToDbName());
        return true;
    }
}
