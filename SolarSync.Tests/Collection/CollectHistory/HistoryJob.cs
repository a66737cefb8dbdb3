using System.Reflection;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.CollectHistory;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.CollectHistory;

/// <summary>Calls the history job from a DI scope of the running host, as a Hangfire worker would.</summary>
internal static class HistoryJob
{
    /// <summary>The retries Hangfire makes after a failed run, as the job declares them.</summary>
    public static int RetryAttempts { get; } = typeof(CollectHistoryJob).GetMethod(nameof(CollectHistoryJob.RunAsync))!
        .GetCustomAttribute<AutomaticRetryAttribute>()!.Attempts;

    public static async Task RunAsync(SolarSyncApp app, long? siteId = null)
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<CollectHistoryJob>().RunAsync(siteId, CancellationToken.None);
    }

    /// <summary>
    /// Hangfire's retries of a run that failed (without its waits between them): the job again, at most
    /// <see cref="RetryAttempts"/> times, until one run succeeds. Returns the failures of the retries before it.
    /// </summary>
    public static async Task<IReadOnlyList<Exception>> RetryAsync(SolarSyncApp app)
    {
        var failures = new List<Exception>();
        while (failures.Count < RetryAttempts)
        {
            try
            {
                await RunAsync(app);
                return failures;
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        Assert.Fail($"The job failed all {RetryAttempts} retries: {string.Join(" | ", failures.Select(f => f.Message))}");
        return failures;
    }
}
