using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Models;
using SolarSync.Modules.Training.Registry;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Modules.Training.Serving;
using static TorchSharp.torch;

namespace SolarSync.Bench;

/// <summary>Median and 95th percentile of repeated timings, in milliseconds.</summary>
internal sealed record Timing(string Label, int Runs, double MedianMs, double P95Ms);

/// <summary>
/// The serve benchmark's Production models and in-process timings. Latency does not depend on weight values, so the
/// models are the real full-size architectures (ModelConfig defaults, 48 h lookback, 168 h horizon, the catalog's
/// feature columns) with their initial, untrained weights; scaler and conformal intervals are fitted on simulated
/// history of the site, as a retrain would. Saved, registered and promoted like a retrain's output.
/// </summary>
internal static class ServeModels
{
    public const int Lookback = 48;
    public const int Horizon = 168;
    private const int Seed = 2026;
    private const int Concurrent = 16;
    public const int Batch = 32;

    public static async Task<string> CreateProductionAsync(NpgsqlDataSource dataSource, string modelsRoot, Site site)
    {
        var type = site.Type.ToDbName();
        var featureSite = FeatureSite.From(site);
        var until = HourNow();
        var from = until.AddDays(-30);
        var history = Series(site, from, until);
        var samples = new FeatureBuilder().Build(featureSite, history, null, FeatureWindows.IssueTimes(history, Lookback, Horizon, 13), Lookback, Horizon,
            useFutureWeather: true);
        var (encoderColumns, decoderColumns) = FeatureCatalog.For(site.Type);
        if (!samples.EncoderFeatures.SequenceEqual(encoderColumns) || !samples.DecoderFeatures.SequenceEqual(decoderColumns))
            throw new InvalidOperationException("The feature builder's columns differ from FeatureCatalog.For(type).");

        var scaler = FeatureScaler.Fit(samples);
        var defaults = site.Type == PlantType.Solar
            ? ModelConfig.SolarDefaults(samples.EncoderWidth, samples.DecoderWidth)
            : ModelConfig.WindDefaults(samples.EncoderWidth, samples.DecoderWidth);
        var config = defaults with { Lookback = Lookback, Horizon = Horizon };
        using var module = Forecasters.Create(config);
        module.eval();

        // Intervals and test nMAE from the untrained model's own output on these samples, the way a retrain fits them on validation.
        var solar = site.Type == PlantType.Solar;
        var normalised = ModelInference.Predict(module, scaler.Apply(samples));
        var (actual, p50, horizons) = (new double[normalised.Length], new double[normalised.Length], new int[normalised.Length]);
        double errorSum = 0;
        var counted = 0;
        for (var i = 0; i < normalised.Length; i++)
        {
            actual[i] = samples.Target[i];
            p50[i] = solar && !samples.Daylight[i] ? 0 : normalised[i];
            horizons[i] = i % Horizon + 1;
            if (double.IsNaN(actual[i])) continue;
            errorSum += Math.Abs(actual[i] - p50[i]);
            counted++;
        }

        var conformal = ConformalCalibration.Fit(actual, p50, horizons, solar ? samples.Daylight : default, normaliseByCapacityKw: 1);
        var nmaePct = 100 * errorSum / Math.Max(1, counted);
        var version = until.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-bench-untrained";
        var manifest = new ModelManifest(type, version, samples.EncoderFeatures, samples.DecoderFeatures, from, until, nmaePct, DateTimeOffset.UtcNow);
        new ModelStore(modelsRoot, interceptWeightWrites: null).Save(module, config, scaler, conformal, manifest);

        var runs = new TrainingRunRepository(dataSource, TimeProvider.System);
        var registry = new ModelRegistry(dataSource, TimeProvider.System);
        var runId = await runs.StartAsync(type, null, null, CancellationToken.None);
        const string note = "bench/serve.sh: untrained weights of the full-size architecture, for latency only";
        await runs.SucceedAsync(runId, version, new { Note = note }, note, CancellationToken.None);
        await registry.RegisterCandidateAsync(type, version, runId, $$"""{"note": "{{note}}"}""", nmaePct, CancellationToken.None);
        if (await registry.PromoteAsync(type, version, CancellationToken.None) is null) throw new InvalidOperationException($"Could not promote {type}/{version}.");
        return version;
    }

    /// <summary>
    /// One 24 h forecast of the Production model through ProductionModels.Forecast (features, scaling, forward pass,
    /// intervals), then its stages alone, down to the bare forward pass on ready tensors: ≥ 200 timed runs each, after warm-up.
    /// </summary>
    public static IReadOnlyList<Timing> MeasureInProcess(NpgsqlDataSource dataSource, string modelsRoot, Site site, string version, int runs)
    {
        var type = site.Type.ToDbName();
        // The bare passes below run on this thread: on one libtorch thread, as the host's batcher runs them.
        ModelInference.UseOneThread();
        var store = new ModelStore(modelsRoot, interceptWeightWrites: null);
        using var model = store.Load(type, version);
        var features = new FeatureBuilder();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SolarSyncMetrics(services.GetRequiredService<IMeterFactory>());
        using var production = new ProductionModels(new ModelRegistry(dataSource, TimeProvider.System), store, features, TimeProvider.System, metrics,
            NullLogger<ProductionModels>.Instance);

        // What ForecastService hands the model: 216 h of history before the issue hour and a 168 h weather forecast after it.
        var featureSite = FeatureSite.From(site);
        var issue = HourNow();
        var history = Series(site, issue.AddHours(-(Lookback + FeatureCatalog.MaxLookBehindHours)), issue);
        var weather = Series(site, issue, issue.AddHours(Horizon));
        const int hours = 24;

        // A 24 h forecast builds and runs 24 decoder hours (ProductionModels.ForecastAsync).
        var samples = features.Build(featureSite, history, weather, [issue], model.Config.Lookback, hours, useFutureWeather: true);
        var scaled = model.Scaler.Apply(samples);
        using var encoder = tensor(scaled.Encoder, [1, scaled.Lookback, scaled.EncoderWidth]);
        using var decoder = tensor(scaled.Decoder, [1, scaled.Horizon, scaled.DecoderWidth]);
        // The same sample 32 times: what a full batch costs, the floor of a forecast's share of the CPU under load.
        using var encoder32 = encoder.expand(Batch, -1, -1).contiguous();
        using var decoder32 = decoder.expand(Batch, -1, -1).contiguous();

        var label = $"{type} {model.Config.Hidden}x{model.Config.Layers}";
        (string Label, Func<object> Action)[] paths =
        [
            ($"{label}: whole 24 h forecast", () => production.ForecastAsync(model, featureSite, history, weather, issue, hours).GetAwaiter().GetResult()),
            // Requests in flight together: their forward passes share batches, their features run on the pool's threads.
            ($"{label}: {Concurrent} 24 h forecasts at once (all)", () => Task.WhenAll(Enumerable.Range(0, Concurrent)
                .Select(_ => Task.Run(() => production.ForecastAsync(model, featureSite, history, weather, issue, hours)))).GetAwaiter().GetResult()),
            ($"{label}:   features.Build", () => features.Build(featureSite, history, weather, [issue], model.Config.Lookback, hours, true)),
            ($"{label}:   scaler.Apply", () => model.Scaler.Apply(samples)),
            ($"{label}:   ModelInference.Predict", () => ModelInference.Predict(model.Module, scaled)),
            ($"{label}:   bare forward pass, {Batch} samples", () =>
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                return model.Module.forward(encoder32, decoder32).shape.Length;
            }),
            ($"{label}:   bare forward pass", () =>
            {
                // The scope frees the intermediates at once, as ModelInference does; left to the finalizer they cost GC time.
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                return model.Module.forward(encoder, decoder).shape.Length;
            }),
        ];

        // Every path warmed up before any is timed, so the first one timed does not pay for the JIT of the others' code.
        foreach (var (_, action) in paths)
        {
            for (var i = 0; i < Math.Max(20, runs / 5); i++) GC.KeepAlive(action());
        }

        // The whole path is timed last as well as first: timed only first it also measured the machine settling after
        // the load runs (11-39 ms against parts summing to ~3 ms on a busy machine).
        var timings = paths.Select(p => Time(p.Label, runs, p.Action)).ToList();
        timings.Add(Time(paths[0].Label + " (again, last)", runs, paths[0].Action));
        return timings;
    }

    private static Timing Time(string label, int runs, Func<object> action)
    {
        var elapsed = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            GC.KeepAlive(action());
            elapsed[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(elapsed);
        return new Timing(label, runs, elapsed[runs / 2], elapsed[(int)Math.Ceiling(0.95 * runs) - 1]);
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
