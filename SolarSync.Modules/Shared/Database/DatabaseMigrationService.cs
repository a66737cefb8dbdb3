using Microsoft.Extensions.Hosting;

namespace SolarSync.Modules.Shared.Database;

/// <summary>Runs the migrations before any other hosted service (it is registered first).</summary>
internal sealed class DatabaseMigrationService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
