using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SolarSync.Modules.Models.Registry;

/// <summary>Deletes the half-written version folders a crash during a save left behind, before anything reads the store.</summary>
internal sealed class RemoveIncompleteModelsAtStartup(ModelStore store, ILogger<RemoveIncompleteModelsAtStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var removed = store.RemoveIncomplete();
        if (removed > 0) logger.LogWarning("Removed {Count} incomplete model folders left by an interrupted save", removed);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
