using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Training.Retrain;

/// <summary>
/// At start: removes what a crashed model save left behind, and with Training:TrainAtStartupWhenMissing queues a
/// retrain for each plant type that has sites but no Production model (the demo), as soon as one of its sites has
/// recent stored output (the start-up history backfill runs in parallel on the default queue; sites without output
/// are left out of the retrain).
/// </summary>
internal sealed class TrainMissingModelsAtStartup(
    IProductionModels production, ISiteDirectory sites, IObservationHistory history, IBackgroundJobClient jobs,
    IOptions<TrainingOptions> options, TimeProvider clock, ILogger<TrainMissingModelsAtStartup> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.TrainAtStartupWhenMissing) return;

        foreach (var type in PlantTypes.All)
        {
            if (await production.VersionAsync(type, stoppingToken) is not null) continue;
            var typeSites = await sites.ListAsync(type, stoppingToken);
            if (typeSites.Count == 0) continue;
            if (!await WaitForHistoryAsync(typeSites, stoppingToken))
            {
                logger.LogWarning("No stored {Type} output after {Minutes} min; not training a {Type} model at start", type.ToDbName(), MaxWait.TotalMinutes, type.ToDbName());
                continue;
            }

            var jobId = jobs.Enqueue<RetrainJob>(JobQueues.Training, j => j.RunAsync(type, null, null, null, CancellationToken.None));
            logger.LogInformation("No Production {Type} model: queued retrain job {JobId}", type.ToDbName(), jobId);
        }
    }

    private async Task<bool> WaitForHistoryAsync(IReadOnlyList<Site> typeSites, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + MaxWait;
        while (clock.GetUtcNow() < deadline)
        {
            var now = clock.GetUtcNow();
            foreach (var site in typeSites)
            {
                var recent = await history.ReadAsync(site, now.AddDays(-2), now, ct);
                if (recent.Any(r => r.PowerKw is not null)) return true;
            }

            await Task.Delay(PollInterval, clock, ct);
        }

        return false;
    }
}
