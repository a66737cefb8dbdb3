using System.Collections.Concurrent;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Serving;

/// <summary>
/// Versions other than Production, for experiments. At most one challenger per type is held in memory: asking for
/// another version of the type loads it and disposes the previous one after a grace period.
/// </summary>
internal sealed class ModelVersions(ModelRegistry registry, ModelStore store, ProductionModels production) : IModelVersions, IDisposable
{
    private static readonly TimeSpan DisposeGrace = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, LoadedModel> challengers = new();
    private readonly SemaphoreSlim loading = new(1, 1);

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

    public async Task<ModelForecast?> ForecastAsync(PlantType type, string version, FeatureSite site, HourlySeries history, HourlySeries? weather,
        DateTimeOffset issueHour, int hours, CancellationToken ct)
    {
        ForecastHorizon.ThrowIfOutOfRange(hours);
        var model = await LoadAsync(type.ToDbName(), version, ct);
        return model is null ? null : await production.ForecastAsync(model, site, history, weather, issueHour, hours);
    }

    private async Task<LoadedModel?> LoadAsync(string type, string version, CancellationToken ct)
    {
        if (challengers.TryGetValue(type, out var held) && held.Version == version) return held;
        await loading.WaitAsync(ct);
        try
        {
            if (challengers.TryGetValue(type, out held) && held.Version == version) return held;
            if (!store.Exists(type, version)) return null;
            var next = store.Load(type, version);
            challengers[type] = next;
            if (held is not null) _ = Task.Delay(DisposeGrace).ContinueWith(_ => held.Dispose(), TaskScheduler.Default);
            return next;
        }
        finally
        {
            loading.Release();
        }
    }

    public void Dispose()
    {
        foreach (var model in challengers.Values) model.Dispose();
        challengers.Clear();
    }
}
