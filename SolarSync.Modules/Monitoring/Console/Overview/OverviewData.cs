using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Devices.Contracts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Monitoring.Console.Overview;

/// <summary>One plant's line of the overview.</summary>
/// <param name="QualityToday">Today's (UTC) data-quality score, 0–1; null before anything arrived today.</param>
/// <param name="RealizedNmaePct">nMAE (% of capacity) of the archived forecasts over the last 7 days, all horizons.</param>
internal sealed record SiteLine(
    Site Site, DateTimeOffset? LastObservation, double? QualityToday, string? ServingVersion, double? RealizedNmaePct, int RealizedHours, SiteDevices? Devices);

internal sealed record OverviewModel(
    DateTimeOffset Now,
    IReadOnlyList<SiteLine> Sites,
    IReadOnlyDictionary<PlantType, string?> Serving,
    IReadOnlyList<ModelVersionSummary> Models,
    IReadOnlyList<CollectionRunSummary> CollectionRuns,
    IReadOnlyList<TrainingRunSummary> TrainingRuns);

/// <summary>Reads everything the overview shows, independent reads side by side.</summary>
internal sealed class OverviewData(
    ISiteDirectory sites,
    ICollectionRuns collection,
    IDailyQualityReader quality,
    IProductionModels production,
    IModelCatalog models,
    ISitePerformance performance,
    IDeviceSummary devices,
    TimeProvider clock)
{
    public const int PerformanceDays = 7;
    private const int VersionsPerType = 6;
    private const int RunsShown = 8;
    private const int ParallelPerformanceReads = 4;

    public async Task<OverviewModel> LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var siteList = await sites.ListAsync(null, ct);

        var lastObservations = collection.LastObservationsAsync(siteList.Select(s => s.Id).ToList(), ct);
        var qualityToday = quality.ReadAsync(null, today, today, ct);
        var deviceCounts = devices.BySiteAsync(ct);
        var versions = models.VersionsAsync(VersionsPerType, ct);
        var collectionRuns = collection.RecentAsync(RunsShown, ct);
        var trainingRuns = models.RecentRunsAsync(RunsShown, ct);
        var realized = RealizedAsync(siteList, ct);
        var serving = new Dictionary<PlantType, string?>();
        foreach (var type in PlantTypes.All) serving[type] = await production.VersionAsync(type, ct);
        await Task.WhenAll(lastObservations, qualityToday, deviceCounts, versions, collectionRuns, trainingRuns, realized);

        var last = await lastObservations;
        var scores = (await qualityToday).ToDictionary(q => q.SiteId, q => q.Score);
        var counts = await deviceCounts;
        var accuracy = await realized;
        var lines = siteList.Select(s => new SiteLine(s, last.TryGetValue(s.Id, out var t) ? t : null,
            scores.TryGetValue(s.Id, out var q) ? q : null, serving[s.Type],
            accuracy[s.Id].Nmae, accuracy[s.Id].Hours, counts.GetValueOrDefault(s.Id))).ToList();
        return new OverviewModel(now, lines, serving, await versions, await collectionRuns, await trainingRuns);
    }

    private async Task<IReadOnlyDictionary<long, HorizonAccuracyView>> RealizedAsync(IReadOnlyList<Site> siteList, CancellationToken ct)
    {
        var result = new System.Collections.Concurrent.ConcurrentDictionary<long, HorizonAccuracyView>();
        await Parallel.ForEachAsync(siteList, new ParallelOptions { MaxDegreeOfParallelism = ParallelPerformanceReads, CancellationToken = ct },
            async (site, token) => result[site.Id] = (await performance.ReportAsync(site, PerformanceDays, token)).All);
        return result;
    }
}
