using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Experiments;

internal sealed class ExperimentStarter(ExperimentStore store, IModelVersions versions, ExperimentRouter router) : IExperiments
{
    public const int DefaultMinDays = 14;
    public static readonly SuccessCriteria DefaultSuccess = new(SuccessCriteria.Mae, MinImprovementPct: 5, Alpha: 0.05);

    public async Task<long?> StartShadowAsync(PlantType type, string challengerVersion, CancellationToken ct)
    {
        if (await versions.ProductionVersionAsync(type, ct) is not { } champion || champion == challengerVersion) return null;
        var started = await store.StartAsync(type.ToDbName(), champion, challengerVersion, Experiment.Shadow, null, DefaultMinDays, DefaultSuccess, ct);
        router.Invalidate();
        return started?.Id;
    }
}
