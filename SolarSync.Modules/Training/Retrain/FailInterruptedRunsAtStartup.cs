using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SolarSync.Modules.Training.Retrain;

/// <summary>
/// A host killed during a retrain (SIGKILL, power cut, OOM) leaves its run marked running; at start such runs are
/// marked failed, so the run history and <c>GET /admin/retrain/{jobId}</c> do not show a retrain that no process is doing.
/// </summary>
internal sealed class FailInterruptedRunsAtStartup(TrainingRunRepository runs, ILogger<FailInterruptedRunsAtStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var failed = await runs.FailInterruptedAsync(cancellationToken);
        if (failed > 0) logger.LogWarning("Marked {Count} training runs failed: a process stopped during them", failed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
