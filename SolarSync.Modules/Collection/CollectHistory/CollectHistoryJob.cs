using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.IngestObservations;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.CollectHistory;

/// <summary>
/// Backfills each site's history from the last stored hour (the first run reaches back
/// Collection:InitialHistoryDays). Demo sites take the simulated source, never a real one. Safe to re-run:
/// the range starts after what is stored and writes are idempotent.
/// </summary>
internal sealed class CollectHistoryJob(
    ISiteDirectory sites,
    ObservationRepository observations,
    ObservationIngestor ingestor,
    CollectionRunRepository runs,
    IHistorySource realSource,
    IOptions<CollectionOptions> options,
    TimeProvider clock,
    ILogger<CollectHistoryJob> logger)
{
    public const string Id = "collection:history";
    private const string Kind = "history";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(long? siteId, CancellationToken ct)
    {
        var targets = siteId is { } id
            ? (await sites.FindAsync(id, ct) is { } one ? [one] : throw new InvalidOperationException($"No site has id {id}."))
            : await sites.ListAsync(null, ct);
        // No other history run is alive (DisableConcurrentExecution): one still open was cut off before it could record its end.
        if (await runs.CloseInterruptedAsync(Kind, ct) is > 0 and var closed)
            logger.LogWarning("Closed {Count} history run(s) left open by an interrupted run", closed);
        var failures = new List<string>();
        foreach (var site in targets)
        {
            try
            {
                await BackfillAsync(site, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "History collection failed for site {SiteId}", site.Id);
                failures.Add($"site {site.Id}: {e.Message}");
            }
        }
        // Failed sites are recorded in collection_runs; failing the job lets Hangfire retry them (the others are no-ops).
        if (failures.Count > 0) throw new InvalidOperationException("History collection failed: " + string.Join("; ", failures));
    }

    private async Task BackfillAsync(Site site, CancellationToken ct)
    {
        var source = site.IsDemo ? ObservationSources.Simulated : realSource.Name;
        var now = clock.GetUtcNow();
        var currentHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var until = site.IsDemo ? currentHour : realSource.AvailableUntil(currentHour);
        var from = await observations.LatestHourAsync(site.Id, source, ct) is { } latest
            ? latest.AddHours(1)
            : currentHour.AddDays(-options.Value.InitialHistoryDays);
        if (from >= until) return;

        var rows = site.IsDemo
            ? SimulatedSource.Generate(site, from, until, options.Value.SimulationSeed).ToAsyncEnumerable().Select(Parsed.Accept)
            : realSource.ReadAsync(site, from, until, ct);
        await ingestor.IngestAsync(site, Kind, source, rows, from, until, ct);
    }
}
