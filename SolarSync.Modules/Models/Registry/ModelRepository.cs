using System.Globalization;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Serving;

namespace SolarSync.Modules.Models.Registry;

internal sealed class ModelRepository(ModelStore store, ModelRegistry registry, ProductionModels production) : IModelRepository
{
    public string NewVersion(string type, DateTimeOffset now)
    {
        var stamp = now.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var version = stamp;
        for (var n = 2; Directory.Exists(store.PathOf(type, version)); n++) version = $"{stamp}-{n}";
        return version;
    }

    public async Task RegisterCandidateAsync(TrainedModel model, long? runId, string metricsJson, CancellationToken ct)
    {
        store.Save(model);
        var m = model.Manifest;
        await registry.RegisterCandidateAsync(m.Type, m.Version, m.Family, runId, metricsJson, m.TestNmaePct, ct);
    }

    public async Task<bool> PromoteAsync(string type, string version, CancellationToken ct)
    {
        var promoted = await registry.PromoteAsync(type, version, ct) is not null;
        production.Invalidate(type);
        return promoted;
    }

    public async Task<TrainedModel?> ProductionAsync(string type, CancellationToken ct) => (await production.CurrentAsync(type, ct))?.Model;
}
