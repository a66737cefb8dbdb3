using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Families;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Modules.Training.Trainers;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>
/// Evaluates the forecasting pipeline on one evaluation file alone (no database): the first 80 % of hours train
/// (the last 15 % of those validate: half the days for early stopping, half for choosing the family and calibrating
/// intervals), the last 20 % test. The plant's physics is calibrated on the training hours only. Two tracks:
/// "weather" — day-ahead (issued at 00:00 UTC for the next 24 h) with the file's observed weather standing in for a
/// perfect weather forecast; "history" — 1–6 h ahead from history alone. Every family and every baseline is scored on
/// the same hours; wind is scored on all hours and on the hours the plant was available.
/// </summary>
internal sealed class EvaluationPipeline(IFeatureBuilder features, IReadOnlyList<IFamilyTrainer> trainers, TextWriter log)
{
    private const int Lookback = ForecastLookback.Hours;
    private const double TestShare = 0.2, ValidationShare = 0.15;

    // Consecutive issue hours share almost all their hours; beyond this many training samples the networks see every
    // n-th issue hour, which bounds their epoch time on long files at little cost.
    private const int MaxNetworkTrainingSamples = 16_000;

    private sealed record Track(string Name, string Description, int Horizon, bool UseWeather, int TestStrideHours);

    private static readonly Track[] Tracks =
    [
        new("weather", "day-ahead, issued 00:00 UTC", 24, true, 24),
        new("history", "1-6 h ahead from history alone, no future weather", 6, false, 6),
    ];

    /// <summary>The report, and each track's test hours as served (by track name: "weather", "history").</summary>
    public async Task<(EvaluationReport Report, IReadOnlyDictionary<string, TrackPredictions> TestHours)> RunAsync(EvaluationSiteFile file, Stream csv, int seed, CancellationToken ct)
    {
        var site = ToFeatureSite(file);
        var rows = new List<Observation>();
        await foreach (var parsed in EvaluationCsv.ReadAsync(csv, siteId: 0, ct))
            if (parsed.Observation is { } row) rows.Add(row);
        if (rows.Count < 24 * 30) throw new InvalidDataException($"The file holds {rows.Count} usable hours; at least 30 days are needed.");

        // wind_speed_hub arrives as the 100 m speed; a hub height of 100 m keeps it unchanged.
        var series = HourlySeries.FromObservations(rows, rows[0].Ts, rows[^1].Ts.AddHours(1), hubHeightM: 100);
        var testFrom = series.Start.AddHours(Math.Ceiling(series.Count * (1 - TestShare)));
        var testFromMidnight = new DateTimeOffset(testFrom.UtcDateTime.Date, TimeSpan.Zero).AddDays(testFrom.TimeOfDay > TimeSpan.Zero ? 1 : 0);

        var reports = new Dictionary<string, TrackReport>();
        var testHours = new Dictionary<string, TrackPredictions>();
        foreach (var track in Tracks)
        {
            var (predictions, whenAvailable) = await Task.Run(() => RunTrack(site, file.Type, series, testFromMidnight, track, seed, ct), ct);
            reports[track.Name] = Score(track, track.Name, Describe(track, site, series), site, predictions, series, testFromMidnight, availableOnly: false);
            if (whenAvailable is not null)
            {
                reports[track.Name + "-available"] = Score(track, track.Name + "-available",
                    Describe(track, site, series) + "; only hours the plant was available (" + AvailabilityRule(site.Type) + "); the families forecast the output of the running plant " +
                    "(the availability outlook is not applied)", site, whenAvailable, series, testFromMidnight, availableOnly: true);
            }

            testHours[track.Name] = predictions;
        }
        return (new EvaluationReport(file.Name, file.Type, series.Start, testFromMidnight, series.End, reports), testHours);
    }

    /// <summary>The track's description; for demand also what stood in for weather and which holidays were known.</summary>
    private static string Describe(Track track, FeatureSite site, HourlySeries series)
    {
        if (site.Type != PlantType.Load)
        {
            return track.UseWeather ? track.Description + "; observed weather stands in for a perfect weather forecast" : track.Description;
        }

        var weather = !track.UseWeather ? ""
            : series.TempC.Any(float.IsFinite) ? "; observed temperature stands in for a perfect temperature forecast"
            : "; the file has no weather: calendar and history alone";
        var holidays = LoadCalendar.KnowsHolidays(site.Country) ? $"; public holidays of {site.Country}" : "; no public holidays (no known country)";
        return track.Description + weather + holidays;
    }

    /// <summary>The outage rule of <see cref="PlantAvailability"/> for a plant type, as the report states it.</summary>
    public static string AvailabilityRule(PlantType type)
    {
        var wind = type == PlantType.Wind;
        return $"an hour is unavailable when, for {PlantAvailability.MinRunHours}+ hours in a row, output is at most {PlantAvailability.StoppedBelowShare:P0} " +
            $"of capacity while {(wind ? "the nameplate curve at the measured wind" : "nameplate PVWatts at the measured irradiance")} promises at least " +
            $"{PlantAvailability.ExpectedAtLeastShare:P0}" +
            (wind
                ? $", or output is flat within {PlantAvailability.FlatWithinShare:P0} between {PlantAvailability.FlatAboveShare:P0} and " +
                  $"{PlantAvailability.FlatBelowShare:P0} of capacity while the curve promises {PlantAvailability.CurtailedShortfallShare:P0} more"
                : $" (flat output is clipping, not curtailment), or, under a clear sky (irradiance at least {PlantAvailability.ClearSkyIndexAtLeast:P0} of " +
                  $"clear-sky), output is at most {PlantAvailability.DeratedAtMostRatio:P0} of the plant's calibrated physics where that promises at least " +
                  $"{PlantAvailability.DeratedExpectedAtLeastShare:P0} (part of the array down)") +
            $"; the hours at most {PlantAvailability.StoppedBelowShare:P0} next to such a stop, {(wind ? "whatever the wind" : "nights included")}, belong to it";
    }

    /// <summary>
    /// The track's test predictions, and for a plant with an availability outlook (wind and solar) the same without it: the
    /// forecast of the running plant, which is what the available hours are scored on (the physical models forecast
    /// the running plant too, so the comparison is like for like).
    /// </summary>
    private (TrackPredictions All, TrackPredictions? WhenAvailable) RunTrack(FeatureSite nameplateSite, string type, HourlySeries series, DateTimeOffset testFrom, Track track, int seed, CancellationToken ct)
    {
        var trainable = FeatureWindows.IssueTimes(series, Lookback, track.Horizon, strideHours: 1)
            .Where(t => t.AddHours(track.Horizon) <= testFrom).ToList();
        var validationFrom = trainable.Count - (int)(trainable.Count * ValidationShare);
        // The plant's own physics, from the hours before validation starts: validation and test never shape it.
        var site = nameplateSite with { Calibration = features.Calibrate(nameplateSite, series, trainable[validationFrom]) };
        FeatureSamples Build(IReadOnlyList<DateTimeOffset> issues) => features.Build(site, series, null, issues, Lookback, track.Horizon, track.UseWeather);

        var train = Build(trainable[..validationFrom]);
        // Early stopping picks the epoch that does best on its samples, so their residuals come out optimistic; the
        // family choice and the intervals use the other half of the validation period, interleaved by day.
        var (stoppingIssues, calibrationIssues) = SampleSets.SplitValidation(trainable[validationFrom..]);
        var splits = new FamilySplits(type, train, Build(stoppingIssues), Build(calibrationIssues));
        var testIssues = FeatureWindows.IssueTimes(series, Lookback, track.Horizon, strideHours: 1)
            .Where(t => t >= testFrom && (t - testFrom).TotalHours % track.TestStrideHours == 0).ToList();
        var test = Build(testIssues);
        log.WriteLine($"[{track.Name}] {train.Count} training, {splits.Stopping.Count} early-stopping, {splits.Calibration.Count} calibration, {test.Count} test samples; " +
            $"{train.EncoderWidth} encoder and {train.DecoderWidth} decoder features; calibration fitted on {site.Calibration!.FittedHours} hours" +
            (site.Calibration.Solar is { TiltDeg: { } tilt, AzimuthDeg: { } azimuth } ? $"; the panels face {azimuth:F0}° at {tilt:F0}° tilt" : "") +
            (site.Calibration.Wind is { IgnoresDensity: true } ? "; the output shows no air-density effect (curve on the raw hub speed)" : ""));

        var availability = AvailabilityOutlook.Fit(train);
        var everyNth = Math.Max(1, (int)Math.Ceiling(train.Count / (double)MaxNetworkTrainingSamples));
        var networkSplits = everyNth == 1 ? splits : splits with { Train = Build(trainable[..validationFrom].Where((_, i) => i % everyNth == 0).ToList()) };
        var context = new FamilyTrainingContext(seed, log);
        var candidates = new List<FamilyCandidate>();
        foreach (var trainer in trainers)
        {
            candidates.AddRange(FamilySelection.TrainAll(trainer is GbmFamilyTrainer ? splits : networkSplits, [trainer], availability, context, ct));
        }

        candidates = FamilySelection.WithEnsemble(candidates, splits, availability, log);

        try
        {
            var selected = FamilySelection.Select(candidates, splits, log);
            log.WriteLine($"[{track.Name}] selected {selected.Family} (validation RMSE {selected.ValidationRmse:F5})");
            var capacity = site.CapacityKw;
            var solar = site.Type == PlantType.Solar;
            var outputs = candidates.ToDictionary(c => c.Family, c => c.Forecaster.Predict(test));
            var conformal = ConformalCalibration.Fit(
                Scale(splits.Calibration.Target, capacity), ToKw(selected.CalibrationP50, splits.Calibration, capacity, solar), SampleSets.HorizonHours(splits.Calibration),
                solar ? splits.Calibration.Daylight : default, normaliseByCapacityKw: capacity,
                ceilingKw: IntervalCeiling.Of(splits.Calibration)?.Select(share => share * capacity).ToArray(),
                hourKeys: SampleSets.TargetHourKeys(splits.Calibration));
            // The physical models and the regression need the forecast hours' weather, which the history track has not.
            double[] regressionKw = track.UseWeather
                ? ToKw(RegressionBaseline(FeatureScaler.Fit(train) is var scaler ? scaler.Apply(train) : train, scaler.Apply(test), RegressionColumns(train, site.Type)),
                    test, capacity, solar)
                : [];

            // Solar nights are [0, 0] and always right; they neither steer the adaptation nor count towards coverage.
            var allCounted = solar ? test.Daylight : TrainingData.AllHours(test.Count, test.Horizon);
            TrackPredictions Predictions(AvailabilityOutlook? outlook, bool[] counted)
            {
                var testKw = outputs.ToDictionary(o => o.Key, o => ToKw(TrainedModel.Finish(test, (float[])o.Value.Clone(), outlook, solar), test, capacity, solar));
                var predictions = TrackPredictions.From(test, testKw[selected.Family], conformal, capacity, solar,
                    latestSmartPersistence: !track.UseWeather, regressionKw) with
                {
                    SelectedFamily = selected.Family,
                    FamilyP50Kw = testKw,
                };
                if (!track.UseWeather) predictions = predictions with { PhysicalKw = [], CalibratedKw = [] };
                // Demand's naive reference is the same hour of the week before (its daily and weekly rhythm).
                if (site.Type == PlantType.Load) predictions = predictions with { SmartPersistenceKw = SameHourLastWeekKw(test, capacity) };
                var (p10, p90) = AdaptiveIntervals.Apply(predictions.ActualKw, predictions.P10Kw, predictions.P50Kw, predictions.P90Kw, counted, test.Horizon, capacity,
                    floor: conformal.FloorShare * capacity);
                return predictions with { P10Kw = p10, P90Kw = p90, CoverageHours = counted };
            }

            if (site.Type == PlantType.Load) return (Predictions(availability, allCounted), null);
            // The running plant's intervals adapt to the hours it ran (known once they are over, as the rule judges with hindsight).
            var available = test.Unavailable.Length == allCounted.Length ? test.Unavailable.Select((u, i) => !u && allCounted[i]).ToArray() : allCounted;
            return (Predictions(availability, allCounted), Predictions(outlook: null, available));
        }
        finally
        {
            FamilySelection.DisposeAllBut(candidates, kept: null);
        }
    }
    /// <summary>
    /// The regression baseline's decoder columns: for generation every one but the plant's calibrated physics, for demand
    /// the calendar and the weather only (the usual regression of load on calendar and temperature; recent load has its
    /// own baselines). The calibrated physics is a model this product fits (it has its own row, "calibrated-physical"):
    /// a baseline that took it in would rise with every improvement of the product and stop being a fixed yardstick. The
    /// nameplate physical output stays in, as the physical transform of the weather any regression would be given.
    /// </summary>
    private static int[] RegressionColumns(FeatureSamples samples, PlantType type) =>
        Enumerable.Range(0, samples.DecoderWidth)
            .Where(c => samples.DecoderFeatures[c] != CalibratedColumn)
            .Where(c => type != PlantType.Load || FeatureCatalog.Find(FeatureBlock.Decoder, samples.DecoderFeatures[c])?.Source != FeatureSource.Power)
            .ToArray();

    private const string CalibratedColumn = "calibrated_kw_norm";

    /// <summary>Least squares (a touch of ridge for collinear calendar columns) from each forecast hour's decoder features (weather, clear sky, calendar) to its output.</summary>
    private static float[] RegressionBaseline(FeatureSamples train, FeatureSamples test, int[] columns)
    {
        // Every third training sample is plenty for a linear model and keeps the design matrix small.
        const int stride = 3;
        var rows = Enumerable.Range(0, train.Count).Where(s => s % stride == 0).SelectMany(s => Enumerable.Range(s * train.Horizon, train.Horizon)).ToArray();
        var x = new double[rows.Length, columns.Length];
        var y = new double[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < columns.Length; c++) x[r, c] = train.Decoder[rows[r] * train.DecoderWidth + columns[c]];
            y[r] = train.Target[rows[r]];
        }
        var model = LinearRegression.Fit(x, y, ridge: 1e-3);
        var n = test.Count * test.Horizon;
        var xt = new double[n, columns.Length];
        for (var r = 0; r < n; r++)
            for (var c = 0; c < columns.Length; c++) xt[r, c] = test.Decoder[r * test.DecoderWidth + columns[c]];
        return model.Predict(xt).Select(v => (float)v).ToArray();
    }

    private static double[] SameHourLastWeekKw(FeatureSamples test, double capacity)
    {
        var column = test.DecoderColumn("power_same_hour_7d");
        return Enumerable.Range(0, test.Count * test.Horizon).Select(i => (double)test.Decoder[i * test.DecoderWidth + column] * capacity).ToArray();
    }

    /// <summary>Capacity-normalised output to kW, clipped to [0, capacity]; solar is 0 when the sun is down.</summary>
    private static double[] ToKw(float[] normalised, FeatureSamples samples, double capacity, bool solar) =>
        normalised.Select((v, i) => solar && !samples.Daylight[i] ? 0 : Math.Clamp(v * capacity, 0, capacity)).ToArray();

    private static double[] Scale(float[] values, double factor) => values.Select(v => v * factor).ToArray();


    private static TrackReport Score(Track track, string name, string description, FeatureSite site, TrackPredictions p, HourlySeries series,
        DateTimeOffset testFrom, bool availableOnly)
    {
        var capacity = site.CapacityKw;
        var trainHours = Enumerable.Range(0, (int)(testFrom - series.Start).TotalHours).ToArray();
        var climatology = Baselines.HourlyClimatology(
            trainHours.Select(h => (double)series.PowerKw[h]).ToArray(), trainHours.Select(h => series.Start.AddHours(h)).ToArray(), p.Hours);
        var reference = p.SmartPersistenceKw;
        var actual = availableOnly ? p.ActualKw.Select((a, i) => p.Unavailable[i] ? double.NaN : a).ToArray() : p.ActualKw;
        var (lower, upper) = (OnlyCounted(p.P10Kw, p.CoverageHours), OnlyCounted(p.P90Kw, p.CoverageHours));
        MetricSet Metrics(double[] predicted, bool withInterval = false) => ForecastMetrics.Compute(
            actual, predicted, capacity, reference, withInterval ? lower : default, withInterval ? upper : default);

        var models = new Dictionary<string, MetricSet> { [EvaluationReport.Model] = Metrics(p.P50Kw, withInterval: true) };
        foreach (var (family, p50) in p.FamilyP50Kw) models[family] = Metrics(p50);
        models["persistence-24h"] = Metrics(p.Persistence24hKw);
        models[site.Type == PlantType.Load ? "same-hour-last-week" : "smart-persistence"] = Metrics(p.SmartPersistenceKw);
        models["climatology"] = Metrics(Baselines.ClipToCapacity(climatology, capacity));
        if (site.Type == PlantType.Load)
        {
            models["calendar-profile"] = Metrics(Baselines.WeekdayHourProfile(
                trainHours.Select(h => (double)series.PowerKw[h]).ToArray(), trainHours.Select(h => series.Start.AddHours(h)).ToArray(), p.Hours,
                LoadCalendar.Zone(site.TimeZone)));
            if (track.UseWeather) models["regression"] = Metrics(p.Regression);
            return new TrackReport(name, description, track.Horizon, actual.Count(double.IsFinite), models) { SelectedFamily = p.SelectedFamily };
        }

        // The physical models and the regression are driven by the forecast hours' weather: only the weather track has it.
        if (track.UseWeather)
        {
            models["physical"] = Metrics(p.PhysicalKw);
            models["calibrated-physical"] = Metrics(p.CalibratedKw);
            models["regression"] = Metrics(p.Regression);
        }
        return new TrackReport(name, description, track.Horizon, actual.Count(double.IsFinite), models) { SelectedFamily = p.SelectedFamily };
    }

    /// <summary>Interval bounds of the counted hours, NaN elsewhere (coverage and width skip hours without bounds).</summary>
    private static double[] OnlyCounted(double[] bounds, bool[]? counted) =>
        counted is null ? bounds : bounds.Select((b, i) => counted[i] ? b : double.NaN).ToArray();

    private static FeatureSite ToFeatureSite(EvaluationSiteFile f) => new(
        f.Type switch { "solar" => PlantType.Solar, "load" => PlantType.Load, _ => PlantType.Wind }, f.Latitude ?? 0, f.Longitude ?? 0, f.CapacityKw,
        f.ElevationM ?? 0, f.TiltDeg, f.AzimuthDeg, f.HubHeightM)
    {
        Country = f.Country,
        TimeZone = f.TimeZone,
    };
}
