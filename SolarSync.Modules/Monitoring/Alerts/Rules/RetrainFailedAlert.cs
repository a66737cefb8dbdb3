using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Monitoring.Alerts.Rules;

/// <summary>The newest finished training run of a plant type failed; it resolves with the next run that succeeds.</summary>
internal sealed class RetrainFailedAlert(IModelCatalog catalog) : IAlertRule
{
    public string Name => AlertRuleNames.RetrainFailed;

    public async Task<IReadOnlyList<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var runs = await catalog.LatestFinishedRunsAsync(ct);
        return runs.Where(r => r.Status == "failed")
            .Select(r => new AlertCondition(Name, r.Type.ToDbName(), AlertSeverity.Critical,
                $"Retrain of the {r.Type.ToDbName()} model failed (run {r.Id}, started {r.StartedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}): {r.Error ?? "no error recorded"}. "
                + "The Production model keeps serving."))
            .ToList();
    }
}
