using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Models.Serving;

/// <summary>
/// Holds each type's Production model in memory. The registry's Production version is re-read at most every
/// <see cref="RecheckInterval"/> (so a promotion made by another process is picked up) and at once after a promotion
/// or rollback in this process (<see cref="Invalidate"/>). A replaced model is disposed after a grace period, so
/// forecasts still running on it finish first. A Production model trained on other feature columns than this build
/// computes (a release that changed them) is not served: its type's forecasts come from the stand-in until a retrain
/// promotes a new version, and readiness says so (<see cref="Unservable"/>).
/// </summary>
internal sealed class ProductionModels : IProductionModels, IDisposable
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DisposeGrace = TimeSpan.FromSeconds(60);

    /// <param name="UnservableVersion">The Production version last found trained on other feature columns, not loaded again.</param>
    private sealed record Entry(LoadedModel? Model, DateTimeOffset CheckedAt, string? UnservableVersion = null);

    private readonly ConcurrentDictionary<string, Entry> entries = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new();
    private readonly ModelRegistry registry;
    private readonly ModelStore store;
    private readonly IFeatureBuilder features;
    private readonly TimeProvider clock;
    private readonly ILogger<ProductionModels> logger;
    private readonly Histogram<int> batchSizes;

    public ProductionModels(ModelRegistry registry, ModelStore store, IFeatureBuilder features, TimeProvider clock, SolarSyncMetrics metrics,
        ILogger<ProductionModels> logger)
    {
        (this.registry, this.store, this.features, this.clock, this.logger) = (registry, store, features, clock, logger);
        metrics.Meter.CreateObservableGauge("solarsync.model.info", ServedVersions,
            description: "1 for each model version being served; labels type and version.");
        batchSizes = metrics.Meter.CreateHistogram<int>("solarsync.inference.batch_size", "{forecast}",
            "Forecasts sharing one forward pass of a served model, by plant type.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });
    }

    public async ValueTask<string?> VersionAsync(PlantType type, CancellationToken ct) => (await CurrentAsync(type.ToDbName(), ct))?.Version;

    /// <summary>The type's Production version when it is not served because this build computes other feature columns; else null.</summary>
    public async ValueTask<string?> Unservable(PlantType type, CancellationToken ct)
    {
        await CurrentAsync(type.ToDbName(), ct);
        return entries.TryGetValue(type.ToDbName(), out var entry) ? entry.UnservableVersion : null;
    }

    public async Task<ModelForecast?> ForecastAsync(FeatureSite site, HourlySeries history, HourlySeries? weather, DateTimeOffset issueHour,
        int hours, CancellationToken ct)
    {
        ForecastHorizon.ThrowIfOutOfRange(hours);
        var model = await CurrentAsync(site.Type.ToDbName(), ct);
        return model is null ? null : await ForecastAsync(model, site, history, weather, issueHour, hours);
    }

    /// <summary>
    /// The model's forecast from one issue hour: the first min(hours, model horizon) hours; p50 clipped to
    /// [0, capacity] (a load's to 150 % of its peak) and 0 for solar hours with the sun down; p10/p90 from the conformal calibration. Only those hours
    /// and the one after them are built and run: an hour's output depends on the lookback, its own covariates and its
    /// neighbours' (<see cref="Contracts.Families.TabularRows"/>), so the first hours of a longer forecast are the same.
    /// The model's pass joins its batch (<see cref="InferenceBatcher"/>).
    /// </summary>
    internal async Task<ModelForecast> ForecastAsync(LoadedModel loaded, FeatureSite site, HourlySeries history, HourlySeries? weather,
        DateTimeOffset issueHour, int hours)
    {
        var model = loaded.Model;
        var n = Math.Min(hours, model.Forecaster.Horizon);
        var built = Math.Min(n + 1, model.Forecaster.Horizon);
        var samples = features.Build(model.ForSite(site), history, weather, [issueHour], model.Forecaster.Lookback, built, useFutureWeather: weather is not null);
        if (!model.Manifest.MatchesColumns(samples.EncoderFeatures, samples.DecoderFeatures))
        {
            throw new InvalidOperationException($"Model {model.Manifest.Type}/{model.Version} was trained on other feature columns than this build computes; retrain it.");
        }

        var solar = site.Type == PlantType.Solar;
        var normalised = TrainedModel.Finish(samples, await loaded.Batcher.PredictAsync(samples), model.Availability, solar);
        var ceiling = IntervalCeiling.Of(samples);
        var topShare = SiteLimits.ForecastMaxShare(isConsumer: site.Type == PlantType.Load);
        double[] p50 = new double[n], p10 = new double[n], p90 = new double[n];
        for (var k = 0; k < n; k++)
        {
            var daylight = !solar || samples.Daylight[k];
            var (low, mid, high) = model.Conformal.Apply(normalised[k], k + 1, daylight, capacityKw: topShare, ceiling?[k]);
            (p10[k], p50[k], p90[k]) = (low * site.CapacityKw, mid * site.CapacityKw, high * site.CapacityKw);
        }

        return new ModelForecast(model.Version, p50, p10, p90, model.Manifest.TestNmaePct, model.Family);
    }

    /// <summary>Makes the next request re-read the registry (after a promotion or rollback in this process).</summary>
    public void Invalidate(string type) =>
        entries.AddOrUpdate(type, _ => new Entry(null, DateTimeOffset.MinValue), (_, e) => e with { CheckedAt = DateTimeOffset.MinValue });

    internal async Task<LoadedModel?> CurrentAsync(string type, CancellationToken ct)
    {
        if (entries.TryGetValue(type, out var entry) && clock.GetUtcNow() - entry.CheckedAt < RecheckInterval) return entry.Model;

        var gate = locks.GetOrAdd(type, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (entries.TryGetValue(type, out entry) && clock.GetUtcNow() - entry.CheckedAt < RecheckInterval) return entry.Model;
            var production = await registry.ProductionAsync(type, ct);
            var current = entry?.Model;
            LoadedModel? next = current;
            var unservable = production is not null && production.Version == entry?.UnservableVersion ? production.Version : null;
            if (production is null || unservable is not null)
            {
                next = null;
            }
            // The family too: a model store rebuilt under the same version stamp holds another model.
            else if (current?.Version != production.Version || current.Model.Family != production.Family)
            {
                next = store.Load(type, production.Version);
                if (TrainedOnTheseColumns(type, next.Model.Manifest))
                {
                    var typeTag = new KeyValuePair<string, object?>("type", type);
                    next.ObserveBatches(size => batchSizes.Record(size, typeTag));
                    logger.LogInformation("Serving {Type} model {Version}", type, production.Version);
                }
                else
                {
                    logger.LogWarning("The Production {Type} model {Version} was trained on other feature columns than this build computes: " +
                        "{Type} forecasts come from the stand-in until a retrain promotes a new version (POST /admin/retrain)", type, production.Version, type);
                    next.Dispose();
                    (next, unservable) = (null, production.Version);
                }
            }

            entries[type] = new Entry(next, clock.GetUtcNow(), unservable);
            if (current is not null && !ReferenceEquals(current, next)) DisposeLater(current);
            return next;
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool TrainedOnTheseColumns(string type, ModelManifest manifest)
    {
        var (encoder, decoder) = FeatureCatalog.For(PlantTypes.Parse(type));
        return manifest.MatchesColumns(encoder, decoder);
    }

    private IEnumerable<Measurement<int>> ServedVersions() =>
        entries.Where(e => e.Value.Model is not null)
            .Select(e => new Measurement<int>(1, new KeyValuePair<string, object?>("type", e.Key), new KeyValuePair<string, object?>("version", e.Value.Model!.Version)));

    public void Dispose()
    {
        foreach (var entry in entries.Values) entry.Model?.Dispose();
        entries.Clear();
    }

    private static void DisposeLater(LoadedModel model) =>
        _ = Task.Delay(DisposeGrace).ContinueWith(_ => model.Dispose(), TaskScheduler.Default);

}
