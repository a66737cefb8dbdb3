using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.CollectForecasts;

/// <summary>
/// Stores each site's latest weather forecast under its issue time. Demo sites get the simulated weather of the
/// coming week, so the offline demo has forecast covariates too. Re-running within the hour rewrites the same rows.
/// </summary>
internal sealed class CollectForecastsJob(
    ISiteDirectory sites,
    WeatherForecastRepository forecasts,
    CollectionRunRepository runs,
    IForecastSource realSource,
    CollectionMetrics metrics,
    IOptions<CollectionOptions> options,
    TimeProvider clock,
    ILogger<CollectForecastsJob> logger)
{
    public const string Id = "collection:forecasts";
    private const int DemoForecastDays = 7;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var site in await sites.ListAsync(null, ct))
        {
            var source = site.IsDemo ? ObservationSources.Simulated : realSource.Name;
            var runId = await runs.StartAsync("forecast", source, site.Id, null, null, ct);
            try
            {
                var (issuedAt, hours) = site.IsDemo ? Simulated(site) : await realSource.GetAsync(site, ct);
                await forecasts.StoreAsync(issuedAt, hours, ct);
                await runs.CompleteAsync(runId, new RunCounts(hours.Count, 0, 0, 0, null), ct);
                metrics.Run("forecast", source, "succeeded");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await runs.FailAsync(runId, default, e.Message);
                metrics.Run("forecast", source, "failed");
                logger.LogError(e, "Forecast collection failed for site {SiteId}", site.Id);
                failures.Add($"site {site.Id}: {e.Message}");
            }
        }
        if (failures.Count > 0) throw new InvalidOperationException("Forecast collection failed: " + string.Join("; ", failures));
    }

    private (DateTimeOffset, IReadOnlyList<Observation>) Simulated(Site site)
    {
        var now = clock.GetUtcNow();
        var issued = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var hours = SimulatedSource.Generate(site, issued, issued.AddDays(DemoForecastDays), options.Value.SimulationSeed)
            .Select(o => o with { PowerKw = null })
            .ToList();
        return (issued, hours);
    }
}
