using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Trees;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Shared.Memory;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Families;
using SolarSync.Modules.Training.Trainers;

namespace SolarSync.Modules.Training.Retrain;

internal sealed record RetrainResult(long RunId, string? Version, bool Promoted, PromotionVerdict Verdict);

/// <summary>
/// One retrain of a plant type (docs/architecture.md §5): every site of the type (or one), capacity-normalised and pooled; split
/// chronologically by issue time into train / validation / test (no sample's target hours cross a boundary). Each
/// site's physics is calibrated on its training hours; every model family trains on the same split (early stopping on
/// half the validation days) and the one with the lowest error on the other half (an ensemble only beyond noise)
/// becomes the Candidate, with intervals calibrated there; it is scored on test against smart persistence and the
/// current Production model on the same hours; saved and registered; promoted when it passes the gate. Retrains run one
/// at a time across every process on the database (a PostgreSQL advisory lock).
/// </summary>
internal sealed class RetrainPipeline(
    ISiteDirectory sites,
    IObservationHistory history,
    IFeatureBuilder features,
    IModelRepository models,
    IExperiments experiments,
    TrainingRunRepository runs,
    NpgsqlDataSource dataSource,
    IOptions<TrainingOptions> options,
    TimeProvider clock,
    ILogger<RetrainPipeline> logger)
{
    private const int Lookback = ForecastLookback.Hours;

    private sealed record SiteSamples(Site Site, FeatureSite Feature, HourlySeries Series, IReadOnlyList<DateTimeOffset> TestIssues, FeatureSamples Test);

    /// <param name="families">The families to train; null for Training:Families (else all).</param>
    public async Task<RetrainResult> RunAsync(PlantType type, long? siteId, string? jobId, IProgress<EpochReport>? progress, CancellationToken ct,
        IReadOnlyList<string>? families = null)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await lockConnection.ExecuteAsync(new CommandDefinition(RetrainLock.LockSql, commandTimeout: 0, cancellationToken: ct));
        try
        {
            var runId = await runs.StartAsync(type.ToDbName(), siteId, jobId, ct);
            try
            {
                return await TrainAsync(runId, type, siteId, families, progress, ct);
            }
            catch (Exception e)
            {
                await runs.FailAsync(runId, e is OperationCanceledException ? "cancelled" : e.Message);
                throw;
            }
        }
        finally
        {
            await lockConnection.ExecuteAsync(RetrainLock.UnlockSql);
            ProcessMemory.ReleaseUnused();
        }
    }

    private async Task<RetrainResult> TrainAsync(long runId, PlantType type, long? siteId, IReadOnlyList<string>? families, IProgress<EpochReport>? progress,
        CancellationToken ct)
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
        var calibrations = new Dictionary<long, PlantCalibration>();
        var weatherlessEvery = o.WeatherlessSharePct > 0 ? Math.Max(1, (int)Math.Round(100.0 / o.WeatherlessSharePct)) : 0;
        foreach (var (site, nameplate, hours) in series)
        {
            // Calibrated on the training hours only: validation and test never shape the physics the families build on.
            var calibration = calibrations[site.Id] = features.Calibrate(nameplate, hours, validationFrom);
            var featureSite = nameplate with { Calibration = calibration };
            var issues = FeatureWindows.IssueTimes(hours, Lookback, horizon, o.SampleStrideHours);
            var trainIssues = issues.Where(t => t.AddHours(horizon) <= validationFrom).ToList();
            var (stoppingIssues, calibrationIssues) = SampleSets.SplitValidation(issues.Where(t => t >= validationFrom && t.AddHours(horizon) <= testFrom).ToList());
            var testIssues = issues.Where(t => t >= testFrom).ToList();
            FeatureSamples Build(IReadOnlyList<DateTimeOffset> at, bool weather) => features.Build(featureSite, hours, null, at, Lookback, horizon, weather);
            train.Add(Build(trainIssues, true));
            stopping.Add(Build(stoppingIssues, true));
            validation.Add(Build(calibrationIssues, true));
            if (weatherlessEvery > 0)
            {
                train.Add(Build(EveryNth(trainIssues, weatherlessEvery), false));
                stopping.Add(Build(EveryNth(stoppingIssues, weatherlessEvery), false));
                validation.Add(Build(EveryNth(calibrationIssues, weatherlessEvery), false));
            }

            tests.Add(new SiteSamples(site, nameplate, hours, testIssues, Build(testIssues, true)));
        }

        var splits = new FamilySplits(typeName, FeatureSamples.Concat(train), FeatureSamples.Concat(stopping), FeatureSamples.Concat(validation));
        var testCount = tests.Sum(t => t.Test.Count);
        if (splits.Train.Count == 0 || splits.Stopping.Count == 0 || splits.Calibration.Count == 0 || testCount == 0)
        {
            throw new InvalidOperationException(
                $"Too little stored history to train a {typeName} model: {splits.Train.Count} training, {splits.Stopping.Count} early-stopping, {splits.Calibration.Count} calibration and " +
                $"{testCount} test samples from {dataFrom:yyyy-MM-dd} to {until:yyyy-MM-dd}; a {horizon} h horizon needs several weeks of hourly data.");
        }

        var trainers = Trainers(o, families);
        await runs.DescribeAsync(runId, new { Families = trainers.Select(t => t.Family).ToArray(), Lookback, Horizon = horizon, o.MaxEpochs, o.Patience, o.Seed }, dataFrom, until, new
        {
            Sites = series.Select(s => s.Site.Id).ToArray(),
            Train = splits.Train.Count,
            EarlyStopping = splits.Stopping.Count,
            Calibration = splits.Calibration.Count,
            Test = testCount,
            ValidationFrom = validationFrom,
            TestFrom = testFrom,
        }, ct);
        logger.LogInformation("Retraining {Type} on {Sites} sites: {Train} training, {Stopping} early-stopping, {Calibration} calibration, {Test} test samples; families {Families}",
            typeName, series.Count, splits.Train.Count, splits.Stopping.Count, splits.Calibration.Count, testCount, string.Join(", ", trainers.Select(t => t.Family)));

        var epochs = new InlineProgress<EpochReport>(e =>
        {
            runs.AppendEpochAsync(runId, new { e.Epoch, e.TrainLoss, e.ValidationLoss, ElapsedSeconds = Math.Round(e.Elapsed.TotalSeconds, 1) }, CancellationToken.None)
                .GetAwaiter().GetResult();
            progress?.Report(e);
        });
        var availability = AvailabilityOutlook.Fit(splits.Train);
        var log = new LoggerWriter(logger);
        var candidates = FamilySelection.WithEnsemble(
            FamilySelection.TrainAll(splits, trainers, availability, new FamilyTrainingContext(o.Seed, log, epochs), ct), splits, availability, log);
        var selected = FamilySelection.Select(candidates, splits, log);
        FamilySelection.DisposeAllBut(candidates, selected);

        var conformal = ConformalCalibration.Fit(ToDouble(splits.Calibration.Target), ToDouble(selected.CalibrationP50), SampleSets.HorizonHours(splits.Calibration),
            solar ? splits.Calibration.Daylight : default, normaliseByCapacityKw: 1, ceilingKw: IntervalCeiling.Of(splits.Calibration),
            hourKeys: SampleSets.TargetHourKeys(splits.Calibration));
        var version = models.NewVersion(typeName, now);
        var manifest = new ModelManifest(typeName, version, splits.Train.EncoderFeatures, splits.Train.DecoderFeatures, dataFrom, until, double.NaN, clock.GetUtcNow(), selected.Family);
        var model = new TrainedModel(selected.Forecaster, calibrations, availability, conformal, manifest);

        var current = await models.ProductionAsync(typeName, ct);
        var comparable = current is not null && current.Forecaster.Lookback == Lookback && current.Forecaster.Horizon == horizon
            && current.Manifest.MatchesColumns(splits.Train.EncoderFeatures, splits.Train.DecoderFeatures) ? current : null;
        var scores = Score(model, comparable, tests, solar, horizon);
        var verdict = PromotionGate.Decide(scores.Candidate.Mae, scores.SmartPersistence.Mae, scores.Production?.Mae, o.PromotionMarginPct);
        var metrics = MetricsDocument(scores, verdict, comparable?.Version, candidates, selected.Family);

        using var saved = new TrainedModel(selected.Forecaster, calibrations, availability, conformal, manifest with { TestNmaePct = scores.Candidate.NmaePct });
        await models.RegisterCandidateAsync(saved, runId, TrainingRunRepository.Serialize(metrics), ct);

        var viaExperiment = o.PromoteVia == "experiment" && comparable is not null;
        var experiment = verdict.Passes && o.AutoPromote && viaExperiment ? await experiments.StartShadowAsync(type, version, ct) : null;
        var promoted = verdict.Passes && o.AutoPromote && !viaExperiment && await models.PromoteAsync(typeName, version, ct);
        var outcome = promoted ? "promoted to production"
            : experiment is { } id ? $"candidate (passes the gate; in shadow experiment {id})"
            : $"candidate ({(verdict.Passes ? "passes the gate; awaiting promotion" : verdict.Reason)})";
        await runs.SucceedAsync(runId, version, metrics, outcome, ct);
        logger.LogInformation("Retrained {Type}: version {Version} ({Family}), {Outcome}", typeName, version, selected.Family, outcome);
        return new RetrainResult(runId, version, promoted, verdict);
    }

    private static IReadOnlyList<IFamilyTrainer> Trainers(TrainingOptions o, IReadOnlyList<string>? families)
    {
        var threads = o.Threads > 0 ? o.Threads : Environment.ProcessorCount;
        var all = FamilyTrainers.All(new TrainerSettings
        {
            Threads = threads,
            TimeBudget = o.NetworkBudgetMinutes > 0 ? TimeSpan.FromMinutes(o.NetworkBudgetMinutes) : null,
        }, c => Configure(c, o), new GbmSettings { Threads = threads });
        var wanted = families is { Count: > 0 } ? families : o.Families;
        return wanted.Count > 0 ? all.Where(t => wanted.Contains(t.Family)).ToList() : all;
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

    private static ModelConfig Configure(ModelConfig defaults, TrainingOptions o) => defaults with
    {
        MaxEpochs = o.MaxEpochs,
        Patience = o.Patience,
        Hidden = o.HiddenSize > 0 ? o.HiddenSize : defaults.Hidden,
        Layers = o.Layers > 0 ? o.Layers : defaults.Layers,
    };

    private sealed record Scores(MetricSet Candidate, MetricSet SmartPersistence, MetricSet? Production,
        IReadOnlyDictionary<string, MetricSet> CandidateByHorizon, int Sites);

    /// <summary>Capacity-normalised test scores of the candidate, smart persistence and Production on the same hours.</summary>
    private Scores Score(TrainedModel candidateModel, TrainedModel? current, IReadOnlyList<SiteSamples> tests, bool solar, int horizon)
    {
        var (actual, p50, p10, p90, smart, previous, horizons) = (new List<double>(), new List<double>(), new List<double>(),
            new List<double>(), new List<double>(), new List<double>(), new List<int>());
        foreach (var (site, nameplate, series, testIssues, test) in tests)
        {
            if (test.Count == 0) continue;
            var candidate = candidateModel.PointForecast(test);
            var ceiling = IntervalCeiling.Of(test);
            var reference = Evaluate.TrackPredictions.ComputeSmartPersistenceKw(test, site.CapacityKw, solar, latest: true);
            // The Production model forecasts from its own calibration of the site, as it does when serving.
            var production = current?.PointForecast(features.Build(current.ForSite(nameplate), series, null, testIssues, Lookback, horizon, useFutureWeather: true));
            for (var i = 0; i < candidate.Length; i++)
            {
                var k = i % test.Horizon;
                var daylight = !solar || test.Daylight[i];
                var (low, mid, high) = candidateModel.Conformal.Apply(candidate[i], k + 1, daylight, capacityKw: 1, ceiling?[i]);
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

    private static object MetricsDocument(Scores s, PromotionVerdict verdict, string? productionVersion, IReadOnlyList<FamilyCandidate> candidates, string selected)
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
            Family = selected,
            Families = candidates.ToDictionary(c => c.Family, c => new { ValidationRmse = Math.Round(c.ValidationRmse, 6) }),
            Models = models,
            ByHorizon = s.CandidateByHorizon.ToDictionary(kv => kv.Key, kv => kv.Value.ToJsonDictionary()),
            Gate = new { verdict.Passes, verdict.Reason, verdict.MarginPct, ProductionVersion = productionVersion },
        };
    }

    private static double[] ToDouble(float[] values) => Array.ConvertAll(values, v => (double)v);

    private static IReadOnlyList<DateTimeOffset> EveryNth(IReadOnlyList<DateTimeOffset> times, int n) => times.Where((_, i) => i % n == 0).ToList();
}

/// <summary>Reports on the caller's thread, in order (unlike <see cref="Progress{T}"/>, which posts).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
