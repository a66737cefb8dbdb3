using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Models;
using SolarSync.Modules.Training.Registry;
using SolarSync.Modules.Training.Serving;

namespace SolarSync.Modules.Training.Retrain;

internal sealed record RetrainResult(long RunId, string? Version, bool Promoted, PromotionVerdict Verdict);

/// <summary>
/// One retrain of a plant type (docs/architecture.md §5): every site of the type (or one), capacity-normalised and pooled; split
/// chronologically by issue time into train / validation / test (no sample's target hours cross a boundary); trained
/// with early stopping on half the validation days; intervals calibrated on the other half; scored on test against smart persistence and the current
/// Production model on the same hours; saved and registered as a Candidate; promoted when it passes the gate.
/// Retrains run one at a time across every process on the database (a PostgreSQL advisory lock).
/// </summary>
internal sealed class RetrainPipeline(
    ISiteDirectory sites,
    IObservationHistory history,
    IFeatureBuilder features,
    ModelStore store,
    ModelRegistry registry,
    TrainingRunRepository runs,
    ProductionModels production,
    NpgsqlDataSource dataSource,
    IOptions<TrainingOptions> options,
    TimeProvider clock,
    ILogger<RetrainPipeline> logger)
{
    public const int Lookback = 48;
    private const string LockSql = "SELECT pg_advisory_lock(hashtext('training.retrain'))";
    private const string UnlockSql = "SELECT pg_advisory_unlock(hashtext('training.retrain'))";

    private sealed record SiteSamples(Site Site, FeatureSamples Test);

    public async Task<RetrainResult> RunAsync(PlantType type, long? siteId, string? jobId, IProgress<EpochReport>? progress, CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await lockConnection.ExecuteAsync(new CommandDefinition(LockSql, commandTimeout: 0, cancellationToken: ct));
        try
        {
            var runId = await runs.StartAsync(type.ToDbName(), siteId, jobId, ct);
            try
            {
                return await TrainAsync(runId, type, siteId, progress, ct);
            }
            catch (Exception e)
            {
                await runs.FailAsync(runId, e is OperationCanceledException ? "cancelled" : e.Message);
                throw;
            }
        }
        finally
        {
            await lockConnection.ExecuteAsync(UnlockSql);
        }
    }

    private async Task<RetrainResult> TrainAsync(long runId, PlantType type, long? siteId, IProgress<EpochReport>? progress, CancellationToken ct)
    {
        var o = options.Value;
        var typeName = type.ToDbName();
        var solar = type == PlantType.Solar;
        var now = clock.GetUtcNow();
        var until = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var series = await LoadSeriesAsync(type, siteId, until.AddDays(-o.HistoryDays), until, ct);

        var dataFrom = series.Min(s => s.Series.Start);
        var spanHours = (until - dataFrom).TotalHours;
        var testFrom = dataFrom.AddHours(Math.Floor(spanHours * (1 - o.TestSharePct / 100.0)));
        var validationFrom = testFrom.AddHours(-Math.Floor(spanHours * o.ValidationSharePct / 100.0));
        var horizon = o.HorizonHours;

        var (train, stopping, validation, tests) = (new List<FeatureSamples>(), new List<FeatureSamples>(), new List<FeatureSamples>(), new List<SiteSamples>());
        var weatherlessEvery = o.WeatherlessSharePct > 0 ? Math.Max(1, (int)Math.Round(100.0 / o.WeatherlessSharePct)) : 0;
        foreach (var (site, featureSite, hours) in series)
        {
            var issues = FeatureWindows.IssueTimes(hours, Lookback, horizon, o.SampleStrideHours);
            var trainIssues = issues.Where(t => t.AddHours(horizon) <= validationFrom).ToList();
            var (stoppingIssues, calibrationIssues) = SampleSets.SplitValidation(issues.Where(t => t >= validationFrom && t.AddHours(horizon) <= testFrom).ToList());
            var testIssues = issues.Where(t => t >= testFrom).ToList();
            train.Add(features.Build(featureSite, hours, null, trainIssues, Lookback, horizon, useFutureWeather: true));
            stopping.Add(features.Build(featureSite, hours, null, stoppingIssues, Lookback, horizon, useFutureWeather: true));
            validation.Add(features.Build(featureSite, hours, null, calibrationIssues, Lookback, horizon, useFutureWeather: true));
            if (weatherlessEvery > 0)
            {
                train.Add(features.Build(featureSite, hours, null, EveryNth(trainIssues, weatherlessEvery), Lookback, horizon, useFutureWeather: false));
                stopping.Add(features.Build(featureSite, hours, null, EveryNth(stoppingIssues, weatherlessEvery), Lookback, horizon, useFutureWeather: false));
                validation.Add(features.Build(featureSite, hours, null, EveryNth(calibrationIssues, weatherlessEvery), Lookback, horizon, useFutureWeather: false));
            }

            tests.Add(new SiteSamples(site, features.Build(featureSite, hours, null, testIssues, Lookback, horizon, useFutureWeather: true)));
        }

        var trainSet = SampleSets.Concat(train);
        var stoppingSet = SampleSets.Concat(stopping);
        var validationSet = SampleSets.Concat(validation);
        var testCount = tests.Sum(t => t.Test.Count);
        if (trainSet.Count == 0 || stoppingSet.Count == 0 || validationSet.Count == 0 || testCount == 0)
        {
            throw new InvalidOperationException(
                $"Too little stored history to train a {typeName} model: {trainSet.Count} training, {stoppingSet.Count} early-stopping, {validationSet.Count} calibration and " +
                $"{testCount} test samples from {dataFrom:yyyy-MM-dd} to {until:yyyy-MM-dd}; a {horizon} h horizon needs several weeks of hourly data.");
        }

        var scaler = FeatureScaler.Fit(trainSet);
        var config = Configure(type, trainSet);
        await runs.DescribeAsync(runId, config, dataFrom, until, new
        {
            Sites = series.Select(s => s.Site.Id).ToArray(),
            Train = trainSet.Count,
            EarlyStopping = stoppingSet.Count,
            Calibration = validationSet.Count,
            Test = testCount,
            ValidationFrom = validationFrom,
            TestFrom = testFrom,
        }, ct);
        logger.LogInformation("Retraining {Type} on {Sites} sites: {Train} training, {Stopping} early-stopping, {Calibration} calibration, {Test} test samples",
            typeName, series.Count, trainSet.Count, stoppingSet.Count, validationSet.Count, testCount);

        using var model = Forecasters.Create(config);
        var trainer = new ModelTrainer(new TrainerSettings { Threads = o.Threads > 0 ? o.Threads : Environment.ProcessorCount });
        var epochs = new InlineProgress<EpochReport>(e =>
        {
            runs.AppendEpochAsync(runId, new { e.Epoch, e.TrainLoss, e.ValidationLoss, ElapsedSeconds = Math.Round(e.Elapsed.TotalSeconds, 1) }, CancellationToken.None)
                .GetAwaiter().GetResult();
            progress?.Report(e);
        });
        var report = trainer.Train(model, config, SampleSets.ToTrainingData(scaler.Apply(trainSet), solar),
            SampleSets.ToTrainingData(scaler.Apply(stoppingSet), solar), epochs, ct);

        var validationP50 = Masked(ModelInference.Predict(model, scaler.Apply(validationSet)), validationSet, solar);
        var conformal = ConformalCalibration.Fit(ToDouble(validationSet.Target), validationP50, SampleSets.HorizonHours(validationSet),
            solar ? validationSet.Daylight : default, normaliseByCapacityKw: 1);

        var current = await production.CurrentAsync(typeName, ct);
        var comparable = current is not null && current.Config.Lookback == Lookback && current.Config.Horizon == horizon
            && current.Manifest.MatchesColumns(trainSet.EncoderFeatures, trainSet.DecoderFeatures) ? current : null;
        var scores = Score(model, scaler, conformal, comparable, tests, solar);
        var verdict = PromotionGate.Decide(scores.Candidate.Mae, scores.SmartPersistence.Mae, scores.Production?.Mae, o.PromotionMarginPct);
        var metrics = MetricsDocument(scores, verdict, comparable?.Version, report);

        var version = NewVersion(typeName, now);
        var manifest = new ModelManifest(typeName, version, trainSet.EncoderFeatures, trainSet.DecoderFeatures, dataFrom, until,
            scores.Candidate.NmaePct, clock.GetUtcNow());
        store.Save(model, config, scaler, conformal, manifest);
        await registry.RegisterCandidateAsync(typeName, version, runId, TrainingRunRepository.Serialize(metrics), scores.Candidate.NmaePct, ct);

        var promoted = false;
        if (verdict.Passes && o.AutoPromote)
        {
            promoted = await registry.PromoteAsync(typeName, version, ct) is not null;
            production.Invalidate(typeName);
        }

        var outcome = promoted ? "promoted to production" : $"candidate ({(verdict.Passes ? "passes the gate; awaiting promotion" : verdict.Reason)})";
        await runs.SucceedAsync(runId, version, metrics, outcome, ct);
        logger.LogInformation("Retrained {Type}: version {Version}, {Outcome}", typeName, version, outcome);
        return new RetrainResult(runId, version, promoted, verdict);
    }

    private async Task<List<(Site Site, FeatureSite Feature, HourlySeries Series)>> LoadSeriesAsync(
        PlantType type, long? siteId, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        IReadOnlyList<Site> targets;
        if (siteId is { } id)
        {
            var site = await sites.FindAsync(id, ct) ?? throw new InvalidOperationException($"No site has id {id}.");
            if (site.Type != type) throw new InvalidOperationException($"Site {id} is a {site.Type.ToDbName()} plant, not {type.ToDbName()}.");
            targets = [site];
        }
        else
        {
            targets = await sites.ListAsync(type, ct);
        }

        var result = new List<(Site, FeatureSite, HourlySeries)>();
        foreach (var site in targets)
        {
            var rows = await history.ReadAsync(site, from, until, ct);
            var firstPower = rows.Where(r => r.PowerKw is not null).Select(r => r.Ts).DefaultIfEmpty(until).Min();
            if (firstPower >= until)
            {
                logger.LogWarning("Site {SiteId} has no stored output since {From:yyyy-MM-dd}; left out of the {Type} retrain", site.Id, from, type.ToDbName());
                continue;
            }

            var featureSite = FeatureSite.From(site);
            var start = new DateTimeOffset(firstPower.UtcTicks - firstPower.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
            result.Add((site, featureSite, HourlySeries.FromObservations(rows, start, until, featureSite.HubHeightM ?? FeatureSite.DefaultHubHeightM)));
        }

        if (result.Count == 0) throw new InvalidOperationException($"No {type.ToDbName()} site has stored output to train on.");
        return result;
    }

    private ModelConfig Configure(PlantType type, FeatureSamples train)
    {
        var o = options.Value;
        var defaults = type == PlantType.Solar
            ? ModelConfig.SolarDefaults(train.EncoderWidth, train.DecoderWidth)
            : ModelConfig.WindDefaults(train.EncoderWidth, train.DecoderWidth);
        return defaults with
        {
            Lookback = Lookback,
            Horizon = o.HorizonHours,
            MaxEpochs = o.MaxEpochs,
            Patience = o.Patience,
            Hidden = o.HiddenSize > 0 ? o.HiddenSize : defaults.Hidden,
            Layers = o.Layers > 0 ? o.Layers : defaults.Layers,
        };
    }

    private sealed record Scores(MetricSet Candidate, MetricSet SmartPersistence, MetricSet? Production,
        IReadOnlyDictionary<string, MetricSet> CandidateByHorizon, int Sites);

    /// <summary>Capacity-normalised test scores of the candidate, smart persistence and Production on the same hours.</summary>
    private static Scores Score(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model, FeatureScaler scaler, ConformalCalibration conformal, LoadedModel? current,
        IReadOnlyList<SiteSamples> tests, bool solar)
    {
        var (actual, p50, p10, p90, smart, previous, horizons) = (new List<double>(), new List<double>(), new List<double>(),
            new List<double>(), new List<double>(), new List<double>(), new List<int>());
        foreach (var (site, test) in tests)
        {
            if (test.Count == 0) continue;
            var candidate = Masked(ModelInference.Predict(model, scaler.Apply(test)), test, solar);
            var reference = Evaluate.TrackPredictions.ComputeSmartPersistenceKw(test, site.CapacityKw, solar, latest: true);
            var production = current is null ? null : Masked(ModelInference.Predict(current.Module, current.Scaler.Apply(test)), test, solar);
            for (var i = 0; i < candidate.Length; i++)
            {
                var k = i % test.Horizon;
                var daylight = !solar || test.Daylight[i];
                var (low, mid, high) = conformal.Apply(candidate[i], k + 1, daylight, capacityKw: 1);
                actual.Add(test.Target[i]);
                p50.Add(mid);
                p10.Add(low);
                p90.Add(high);
                smart.Add(reference[i] / site.CapacityKw);
                previous.Add(production?[i] ?? double.NaN);
                horizons.Add(k + 1);
            }
        }

        var a = actual.ToArray();
        return new Scores(
            ForecastMetrics.Compute(a, p50.ToArray(), 1, smart.ToArray(), p10.ToArray(), p90.ToArray()),
            ForecastMetrics.Compute(a, smart.ToArray(), 1),
            current is null ? null : ForecastMetrics.Compute(a, previous.ToArray(), 1, smart.ToArray()),
            ForecastMetrics.MetricsByHorizon(a, p50.ToArray(), horizons.ToArray(), 1, smart.ToArray(), p10.ToArray(), p90.ToArray()),
            tests.Count);
    }

    private static object MetricsDocument(Scores s, PromotionVerdict verdict, string? productionVersion, TrainingReport report)
    {
        var models = new Dictionary<string, object>
        {
            ["solarsync"] = s.Candidate.ToJsonDictionary(),
            ["smart-persistence"] = s.SmartPersistence.ToJsonDictionary(),
        };
        if (s.Production is { } p) models["production"] = p.ToJsonDictionary();
        return new
        {
            Units = "capacity-normalised (mae, rmse as a share of capacity; nmae, nrmse, mape, coverage80 in percent)",
            TestHours = s.Candidate.Count,
            s.Sites,
            Models = models,
            ByHorizon = s.CandidateByHorizon.ToDictionary(kv => kv.Key, kv => kv.Value.ToJsonDictionary()),
            Gate = new { verdict.Passes, verdict.Reason, verdict.MarginPct, ProductionVersion = productionVersion },
            Training = new { report.EpochsRun, report.BestEpoch, report.BestValidationLoss, report.StoppedEarly, DurationSeconds = Math.Round(report.Duration.TotalSeconds, 1) },
        };
    }

    private string NewVersion(string type, DateTimeOffset now)
    {
        var version = now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        for (var n = 2; Directory.Exists(store.PathOf(type, version)); n++)
        {
            version = $"{now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)}-{n}";
        }

        return version;
    }

    private static double[] Masked(float[] normalised, FeatureSamples samples, bool solar)
    {
        var result = new double[normalised.Length];
        for (var i = 0; i < result.Length; i++) result[i] = solar && !samples.Daylight[i] ? 0 : normalised[i];
        return result;
    }

    private static double[] ToDouble(float[] values) => Array.ConvertAll(values, v => (double)v);


    private static IReadOnlyList<DateTimeOffset> EveryNth(IReadOnlyList<DateTimeOffset> times, int n) => times.Where((_, i) => i % n == 0).ToList();

}

/// <summary>Reports on the caller's thread, in order (unlike <see cref="Progress{T}"/>, which posts).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
