using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Training.Retrain;

/// <summary>
/// Hangfire entry points on the training queue: the weekly retrain of every plant type that has sites, and an
/// on-demand retrain of one type. Each epoch is stored on the run (training_runs.epochs), which is the progress
/// <c>GET /admin/retrain/{jobId}</c> shows. The pipeline's advisory lock keeps retrains one at a time even with
/// several workers or hosts; a retry starts the run again from scratch (nothing is registered before a run succeeds).
/// </summary>
internal sealed class RetrainJob(RetrainPipeline pipeline, ISiteDirectory sites, ILogger<RetrainJob> logger)
{
    public const string WeeklyId = "training:retrain-weekly";

    [AutomaticRetry(Attempts = 1, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(PlantType type, long? siteId, string[]? families, PerformContext? context, CancellationToken ct) =>
        await pipeline.RunAsync(type, siteId, context?.BackgroundJob.Id, progress: null, ct, families);

    [AutomaticRetry(Attempts = 1, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunWeeklyAsync(PerformContext? context, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var type in PlantTypes.All)
        {
            if ((await sites.ListAsync(type, ct)).Count == 0) continue;
            try
            {
                await pipeline.RunAsync(type, siteId: null, context?.BackgroundJob.Id, progress: null, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Weekly {Type} retrain failed", type.ToDbName());
                failures.Add($"{type.ToDbName()}: {e.Message}");
            }
        }

        if (failures.Count > 0) throw new InvalidOperationException("Weekly retrain failed: " + string.Join("; ", failures));
    }
}
