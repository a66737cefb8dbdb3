using Hangfire;

namespace SolarSync.Host.Jobs;

internal static class RecurringJobs
{
    /// <summary>
    /// Registers the modules' recurring jobs once the host has started (after migrations, so Hangfire's storage
    /// is ready). AddOrUpdate is idempotent, so every host of a cluster may do it.
    /// </summary>
    public static IServiceCollection AddRecurringJobs(this IServiceCollection services, Action<IRecurringJobManager, IServiceProvider> schedule) =>
        services.AddHostedService(sp => new Registration(sp, schedule));

    private sealed class Registration(IServiceProvider services, Action<IRecurringJobManager, IServiceProvider> schedule) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            schedule(services.GetRequiredService<IRecurringJobManager>(), services);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
