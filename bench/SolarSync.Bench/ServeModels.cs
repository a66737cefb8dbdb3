using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Contracts.Trees;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Models.Serving;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Families;
using SolarSync.Modules.Training.Retrain;
using static TorchSharp.torch;

namespace SolarSync.Bench;

/// <summary>
/// Median and 95th percentile of repeated timings, in milliseconds. <paramref name="Stage"/> names the step the same way
/// for every family (so a family's stage can be set against the network's), <paramref name="Label"/> is what is printed.
/// </summary>
internal sealed record Timing(string Type, string Family, string Stage, string Label, int Runs, double MedianMs, double P95Ms);

/// <summary>
/// The serve benchmark's models and in-process timings. For each demo plant two versions of the plant's type are saved
/// and registered like a retrain's output, one per family being compared:
/// <list type="bullet">
/// <item>network: the real full-size architecture (ModelConfig defaults, 48 h lookback, 168 h horizon, the catalog's
/// feature columns) with its initial, untrained weights: a forward pass costs the same whatever the weights are;</item>
/// <item>gbm: LightGBM trees trained on the bench's own samples of the site (a fixed number of rounds, all kept: a
/// prediction's cost grows with the tree count, which a retrain's early stopping caps at 600).</item>
/// </list>
/// Both carry the site's calibrated physics (fitted on its simulated history, as a retrain does), the wind availability
/// outlook and conformal intervals fitted on their own output on these samples. Latency only: neither forecast is scored.
/// </summary>
internal static class ServeModels
{
    public const int Lookback = ForecastLookback.Hours;
    public const int Horizon = 168;
    private const int Seed = 2026;
    private const int Concurrent = 16;
    public const int Batch = 32;

    /// <summary>The families compared, in the order they are measured (the network is the reference).</summary>
    public static readonly string[] Families = [ModelFamilies.Network, ModelFamilies.Gbm];

    /// <summary>Saves and registers (as Candidates) one version per family in <see cref="Families"/>; family → version.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> CreateAsync(NpgsqlDataSource dataSource, string modelsRoot, Site site, int gbmRounds)
    {
        var type = site.Type.ToDbName();
        var solar = site.Type == PlantType.Solar;
        var features = new FeatureBuilder();
        var until = HourNow();
        var from = until.AddDays(-30);
        var history = Series(site, from, until);
        // As a retrain: the plant's physics refit to its history, stored with the version, and the samples built with it.
        var calibration = features.Calibrate(FeatureSite.From(site), history, until);
        var featureSite = FeatureSite.From(site) with { Calibration = calibration };
        var samples = features.Build(featureSite, history, null, FeatureWindows.IssueTimes(history, Lookback, Horizon, 13), Lookback, Horizon,
            useFutureWeather: true);
        var (encoderColumns, decoderColumns) = FeatureCatalog.For(site.Type);
        if (!samples.EncoderFeatures.SequenceEqual(encoderColumns) || !samples.DecoderFeatures.SequenceEqual(decoderColumns))
            throw new InvalidOperationException("The feature builder's columns differ from FeatureCatalog.For(type).");

        var calibrations = new Dictionary<long, PlantCalibration> { [site.Id] = calibration };
        var availability = AvailabilityOutlook.Fit(samples);
        var store = new ModelStore(modelsRoot, afterForecasterFiles: null);
        var stamp = until.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var versions = new Dictionary<string, string>();

        var defaults = solar ? ModelConfig.SolarDefaults(samples.EncoderWidth, samples.DecoderWidth) : ModelConfig.WindDefaults(samples.EncoderWidth, samples.DecoderWidth);
        var config = defaults with { Lookback = Lookback, Horizon = Horizon };
        var module = Forecasters.Create(config);
        module.eval();
        using (var network = new NetworkForecaster(config, module, FeatureScaler.Fit(samples), residual: false))
        {
            versions[ModelFamilies.Network] = await RegisterAsync(dataSource, store, network, samples, calibrations, availability, type, $"{stamp}-bench-untrained",
                from, until, "bench/serve.sh: untrained weights of the full-size network, for latency only");
        }

        var trees = TrainTrees(samples, solar, gbmRounds);
        using (var gbm = new GbmForecaster(trees, Lookback, Horizon))
        {
            versions[ModelFamilies.Gbm] = await RegisterAsync(dataSource, store, gbm, samples, calibrations, availability, type, $"{stamp}-bench-gbm",
                from, until, $"bench/serve.sh: {trees.BestIteration} trees trained on 30 days of the demo plant's simulated history, for latency only");
        }

        return versions;
    }

    /// <summary>Makes the version the type's Production model, as an admin's promotion does.</summary>
    public static async Task PromoteAsync(NpgsqlDataSource dataSource, PlantType type, string version)
    {
        var registry = new ModelRegistry(dataSource, TimeProvider.System);
        if (await registry.PromoteAsync(type.ToDbName(), version, CancellationToken.None) is null)
            throw new InvalidOperationException($"Could not promote {type.ToDbName()}/{version}.");
    }

    /// <summary>
    /// The trees as the gbm family trains them (GbmFamilyTrainer): one row per forecast hour with a target (solar:
    /// daylight hours only; wind: outage hours left out), labelled with the correction to the residual baseline. Every
    /// round is kept (no validation rows, no early stopping), so the tree count is <paramref name="rounds"/> unless
    /// LightGBM finds no further split.
    /// </summary>
    private static GbmRegressor TrainTrees(FeatureSamples samples, bool solar, int rounds)
    {
        var target = TrainingTargets.Of(samples);
        var rows = Enumerable.Range(0, target.Length).Where(i => !float.IsNaN(target[i]) && (!solar || samples.Daylight[i])).ToArray();
        var baseline = ResidualBaseline.Of(samples);
        var labels = rows.Select(i => target[i] - baseline[i]).ToArray();
        var set = new GbmTrainingSet(TabularRows.Build(samples, baseline, rows), TabularRows.Width(samples), labels);
        return GbmRegressor.Train(set, null, new GbmSettings { MaxRounds = rounds, EarlyStoppingRounds = 0 }, CancellationToken.None);
    }

    /// <summary>
    /// Intervals and nMAE from the model's own output on the samples (the way a retrain fits them on validation), then
    /// saved with the model store and registered as a Candidate with a succeeded training run of its own.
    /// </summary>
    private static async Task<string> RegisterAsync(NpgsqlDataSource dataSource, ModelStore store, IForecaster forecaster, FeatureSamples samples,
        IReadOnlyDictionary<long, PlantCalibration> calibrations, AvailabilityOutlook? availability, string type, string version,
        DateTimeOffset from, DateTimeOffset until, string note)
    {
        var solar = type == PlantType.Solar.ToDbName();
        var normalised = TrainedModel.Finish(samples, forecaster.Predict(samples), availability, solar);
        var (actual, p50, horizons) = (new double[normalised.Length], new double[normalised.Length], new int[normalised.Length]);
        double errorSum = 0;
        var counted = 0;
        for (var i = 0; i < normalised.Length; i++)
        {
            actual[i] = samples.Target[i];
            p50[i] = normalised[i];
            horizons[i] = i % samples.Horizon + 1;
            if (double.IsNaN(actual[i])) continue;
            errorSum += Math.Abs(actual[i] - p50[i]);
            counted++;
        }

        var conformal = ConformalCalibration.Fit(actual, p50, horizons, solar ? samples.Daylight : default, normaliseByCapacityKw: 1);
        var nmaePct = 100 * errorSum / Math.Max(1, counted);
        var manifest = new ModelManifest(type, version, samples.EncoderFeatures, samples.DecoderFeatures, from, until, nmaePct, DateTimeOffset.UtcNow,
            forecaster.Family);
        // Not disposed here: the caller owns the forecaster.
        store.Save(new TrainedModel(forecaster, calibrations, availability, conformal, manifest));

        var runs = new TrainingRunRepository(dataSource, TimeProvider.System);
        var registry = new ModelRegistry(dataSource, TimeProvider.System);
        var runId = await runs.StartAsync(type, null, null, CancellationToken.None);
        var metrics = new { Note = note, Family = forecaster.Family };
        await runs.SucceedAsync(runId, version, metrics, note, CancellationToken.None);
        await registry.RegisterCandidateAsync(type, version, forecaster.Family, runId, TrainingRunRepository.Serialize(metrics), nmaePct, CancellationToken.None);
        return version;
    }

    /// <summary>
    /// One 24 h forecast of a registered version through ProductionModels.ForecastAsync (features, the forecaster's pass
    /// in the inference batcher, availability, night, intervals), then its stages alone, down to the bare model pass on
    /// ready inputs (network: forward pass on tensors; gbm: the trees on tabular rows): <paramref name="runs"/> timed
    /// runs each, after warm-up. The stages every family has (whole, concurrent, features.Build, forecaster.Predict,
    /// the bare passes) carry the same stage name, so the report sets each family's against the network's.
    /// </summary>
    public static IReadOnlyList<Timing> MeasureInProcess(NpgsqlDataSource dataSource, string modelsRoot, Site site, string version, int runs)
    {
        var type = site.Type.ToDbName();
        // The bare passes below run on this thread: on one libtorch thread, as the host's batcher runs them (LightGBM's
        // serving prediction asks for one thread on every call).
        ModelInference.UseOneThread();
        var store = new ModelStore(modelsRoot, afterForecasterFiles: null);
        using var loaded = store.Load(type, version);
        var model = loaded.Model;
        var forecaster = model.Forecaster;
        var features = new FeatureBuilder();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SolarSyncMetrics(services.GetRequiredService<IMeterFactory>());
        using var production = new ProductionModels(new ModelRegistry(dataSource, TimeProvider.System), store, features, TimeProvider.System, metrics,
            NullLogger<ProductionModels>.Instance);

        // What ForecastService hands the model: 216 h of history before the issue hour and a 168 h weather forecast after it.
        var featureSite = FeatureSite.From(site);
        var calibrated = model.ForSite(featureSite);
        var issue = HourNow();
        var history = Series(site, issue.AddHours(-(Lookback + FeatureCatalog.MaxLookBehindHours)), issue);
        var weather = Series(site, issue, issue.AddHours(Horizon));
        const int hours = 24;

        // A 24 h forecast builds and runs 24 decoder hours (ProductionModels.ForecastAsync).
        var samples = features.Build(calibrated, history, weather, [issue], forecaster.Lookback, hours, useFutureWeather: true);
        // The same sample 32 times: what a full batch costs, the floor of a forecast's share of the CPU under load.
        var samples32 = FeatureSamples.Concat(Enumerable.Repeat(samples, Batch).ToList());

        var family = forecaster.Family;
        (string Stage, string Label, Func<object> Action)[] common =
        [
            ("whole", "whole 24 h forecast", () => production.ForecastAsync(loaded, featureSite, history, weather, issue, hours).GetAwaiter().GetResult()),
            // Requests in flight together: their model passes share batches, their features run on the pool's threads.
            ("concurrent", $"{Concurrent} 24 h forecasts at once (all)", () => Task.WhenAll(Enumerable.Range(0, Concurrent)
                .Select(_ => Task.Run(() => production.ForecastAsync(loaded, featureSite, history, weather, issue, hours)))).GetAwaiter().GetResult()),
            ("features", "  features.Build", () => features.Build(model.ForSite(featureSite), history, weather, [issue], forecaster.Lookback, hours, true)),
            ("predict", "  forecaster.Predict", () => forecaster.Predict(samples)),
        ];

        (string Stage, string Label, Func<object> Action)[] own;
        string name;
        var disposables = new List<IDisposable>();
        switch (forecaster)
        {
            case NetworkForecaster network:
            {
                name = $"{type} {family} {network.Config.Hidden}x{network.Config.Layers}";
                var scaled = network.Scaler.Apply(samples);
                var encoder = tensor(scaled.Encoder, [1, scaled.Lookback, scaled.EncoderWidth]);
                var decoder = tensor(scaled.Decoder, [1, scaled.Horizon, scaled.DecoderWidth]);
                var encoder32 = encoder.expand(Batch, -1, -1).contiguous();
                var decoder32 = decoder.expand(Batch, -1, -1).contiguous();
                disposables.AddRange([encoder, decoder, encoder32, decoder32]);
                own =
                [
                    ("scaler", "    scaler.Apply", () => network.Scaler.Apply(samples)),
                    ("inference", "    ModelInference.Predict", () => ModelInference.Predict(network.Module, scaled)),
                    ("bare32", $"  bare forward pass, {Batch} samples", () =>
                    {
                        using var scope = NewDisposeScope();
                        using var _ = no_grad();
                        return network.Module.forward(encoder32, decoder32).shape.Length;
                    }),
                    ("bare", "  bare forward pass", () =>
                    {
                        // The scope frees the intermediates at once, as ModelInference does; left to the finalizer they cost GC time.
                        using var scope = NewDisposeScope();
                        using var _ = no_grad();
                        return network.Module.forward(encoder, decoder).shape.Length;
                    }),
                ];
                break;
            }
            case GbmForecaster gbm:
            {
                name = $"{type} {family} {gbm.Trees.BestIteration} trees";
                var all = Enumerable.Range(0, samples.Count * samples.Horizon).ToArray();
                var all32 = Enumerable.Range(0, samples32.Count * samples32.Horizon).ToArray();
                var rows = TabularRows.Build(samples, ResidualBaseline.Of(samples), all);
                var rows32 = TabularRows.Build(samples32, ResidualBaseline.Of(samples32), all32);
                var lightGbm = new LightGbmReference(gbm.Trees.ToModelString());
                disposables.Add(lightGbm);
                own =
                [
                    ("tabular", "    ResidualBaseline + TabularRows.Build", () => TabularRows.Build(samples, ResidualBaseline.Of(samples), all)),
                    ("bare32", $"  bare trees pass, {Batch} samples", () => gbm.Trees.Predict(rows32, all32.Length)),
                    ("bare", "  bare trees pass", () => gbm.Trees.Predict(rows, all.Length)),
                    ("lightgbm32", $"  LightGBM's predict, {Batch} samples (reference)", () => lightGbm.Predict(rows32, all32.Length)),
                    ("lightgbm", "  LightGBM's predict (reference)", () => lightGbm.Predict(rows, all.Length)),
                ];
                break;
            }
            default:
                throw new InvalidOperationException($"No in-process stages for the family '{family}'.");
        }

        try
        {
            var paths = common.Concat(own).ToList();

            // Every path warmed up before any is timed, so the first one timed does not pay for the JIT of the others' code.
            foreach (var (_, _, action) in paths)
            {
                for (var i = 0; i < Math.Max(20, runs / 5); i++) GC.KeepAlive(action());
            }

            // The whole path is timed last as well as first: timed only first it also measured the machine settling after
            // the load runs (11-39 ms against parts summing to ~3 ms on a busy machine).
            var timings = paths.Select(p => Time(type, family, p.Stage, $"{name}: {p.Label}", runs, p.Action)).ToList();
            timings.Add(Time(type, family, "whole-again", $"{name}: {common[0].Label} (again, last)", runs, common[0].Action));
            return timings;
        }
        finally
        {
            foreach (var d in disposables) d.Dispose();
        }
    }

    private static Timing Time(string type, string family, string stage, string label, int runs, Func<object> action)
    {
        var elapsed = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            GC.KeepAlive(action());
            elapsed[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(elapsed);
        return new Timing(type, family, stage, label, runs, elapsed[runs / 2], elapsed[(int)Math.Ceiling(0.95 * runs) - 1]);
    }

    /// <summary>The simulated plant hours the host's start-up backfill stores for the demo sites (same generator and seed).</summary>
    private static HourlySeries Series(Site site, DateTimeOffset from, DateTimeOffset until)
    {
        var rows = SimulatedSource.Generate(site, from, until, Seed).ToList();
        return HourlySeries.FromObservations(rows, from, until, site.HubHeightM ?? FeatureSite.DefaultHubHeightM);
    }

    private static DateTimeOffset HourNow()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
    }
}
