using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Models;
using SolarSync.Modules.Training.Retrain;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>
/// Evaluates the forecasting pipeline on one evaluation file alone (no database): the first 80 % of hours train
/// (the last 15 % of those validate, for early stopping and conformal calibration), the last 20 % test. Two tracks:
/// "weather" — day-ahead (issued at 00:00 UTC for the next 24 h) with the file's observed weather standing in for a
/// perfect weather forecast; "history" — 1–6 h ahead from history alone. Every baseline is scored on the same hours.
/// </summary>
internal sealed class EvaluationPipeline(IFeatureBuilder features, IForecastModelRunner models, TextWriter log)
{
    public const int Lookback = 48;
    private const double TestShare = 0.2, ValidationShare = 0.15;

    private sealed record Track(string Name, string Description, int Horizon, bool UseWeather, int TestStrideHours);

    private static readonly Track[] Tracks =
    [
        new("weather", "day-ahead, issued 00:00 UTC; observed weather stands in for a perfect weather forecast", 24, true, 24),
        new("history", "1-6 h ahead from history alone, no future weather", 6, false, 6),
    ];

    public async Task<(EvaluationReport Report, TrackPredictions Fortnight)> RunAsync(EvaluationSiteFile file, Stream csv, int seed, CancellationToken ct)
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
        TrackPredictions? fortnight = null;
        foreach (var track in Tracks)
        {
            var predictions = await RunTrackAsync(site, file.Type, series, testFromMidnight, track, seed, ct);
            reports[track.Name] = Score(track, site, predictions, series, testFromMidnight);
            if (track.UseWeather) fortnight = predictions;
        }
        return (new EvaluationReport(file.Name, file.Type, series.Start, testFromMidnight, series.End, reports), fortnight!);
    }

    private async Task<TrackPredictions> RunTrackAsync(FeatureSite site, string type, HourlySeries series, DateTimeOffset testFrom, Track track, int seed, CancellationToken ct)
    {
        var trainable = FeatureWindows.IssueTimes(series, Lookback, track.Horizon, strideHours: 1)
            .Where(t => t.AddHours(track.Horizon) <= testFrom).ToList();
        var validationFrom = trainable.Count - (int)(trainable.Count * ValidationShare);
        var train = features.Build(site, series, null, trainable[..validationFrom], Lookback, track.Horizon, track.UseWeather);
        // Early stopping picks the epoch that does best on its samples, so their residuals come out optimistic; the
        // intervals are calibrated on the other half of the validation period, interleaved by day so both see the same weeks.
        var (stoppingIssues, calibrationIssues) = SampleSets.SplitValidation(trainable[validationFrom..]);
        var stopping = features.Build(site, series, null, stoppingIssues, Lookback, track.Horizon, track.UseWeather);
        var validation = features.Build(site, series, null, calibrationIssues, Lookback, track.Horizon, track.UseWeather);
        var testIssues = FeatureWindows.IssueTimes(series, Lookback, track.Horizon, strideHours: 1)
            .Where(t => t >= testFrom && (t - testFrom).TotalHours % track.TestStrideHours == 0).ToList();
        var test = features.Build(site, series, null, testIssues, Lookback, track.Horizon, track.UseWeather);

        var scaler = FeatureScaler.Fit(train);
        log.WriteLine($"[{track.Name}] {train.Count} training, {stopping.Count} early-stopping, {validation.Count} calibration, {test.Count} test samples; " +
            $"{train.EncoderWidth} encoder and {train.DecoderWidth} decoder features");
        var (scaledTrain, scaledTest) = (scaler.Apply(train), scaler.Apply(test));
        var (validationPred, testPred) = await models.TrainAndPredictAsync(type, scaledTrain, scaler.Apply(stopping), scaler.Apply(validation), scaledTest, seed, log, ct);

        var capacity = site.CapacityKw;
        var solar = site.Type == PlantType.Solar;
        var validationKw = ToKw(validationPred, validation, capacity, solar);
        var conformal = ConformalCalibration.Fit(
            Scale(validation.Target, capacity), validationKw, SampleSets.HorizonHours(validation), solar ? validation.Daylight : default,
            normaliseByCapacityKw: capacity);
        var regressionKw = track.UseWeather
            ? ToKw(RegressionBaseline(scaledTrain, scaledTest), test, capacity, solar)
            : new double[test.Count * test.Horizon];
        var predictions = TrackPredictions.From(test, ToKw(testPred, test, capacity, solar), conformal, capacity, solar,
            latestSmartPersistence: !track.UseWeather, regressionKw);
        // Solar nights are [0, 0] and always right; they neither steer the adaptation nor count towards coverage.
        var counted = solar ? test.Daylight : TrainingData.AllHours(test.Count, test.Horizon);
        var (p10, p90) = AdaptiveIntervals.Apply(predictions.ActualKw, predictions.P10Kw, predictions.P50Kw, predictions.P90Kw, counted, test.Horizon, capacity);
        return predictions with { P10Kw = p10, P90Kw = p90, CoverageHours = counted };
    }

    /// <summary>Least squares (a touch of ridge for collinear calendar columns) from each forecast hour's decoder features (weather, clear sky, calendar) to its output.</summary>
    private static float[] RegressionBaseline(FeatureSamples train, FeatureSamples test)
    {
        // Every third training sample is plenty for a linear model and keeps the design matrix small.
        const int stride = 3;
        var rows = Enumerable.Range(0, train.Count).Where(s => s % stride == 0).SelectMany(s => Enumerable.Range(s * train.Horizon, train.Horizon)).ToArray();
        var x = new double[rows.Length, train.DecoderWidth];
        var y = new double[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < train.DecoderWidth; c++) x[r, c] = train.Decoder[rows[r] * train.DecoderWidth + c];
            y[r] = train.Target[rows[r]];
        }
        var model = LinearRegression.Fit(x, y, ridge: 1e-3);
        var n = test.Count * test.Horizon;
        var xt = new double[n, test.DecoderWidth];
        for (var r = 0; r < n; r++)
            for (var c = 0; c < test.DecoderWidth; c++) xt[r, c] = test.Decoder[r * test.DecoderWidth + c];
        return model.Predict(xt).Select(v => (float)v).ToArray();
    }

    /// <summary>Capacity-normalised output to kW, clipped to [0, capacity]; solar is 0 when the sun is down.</summary>
    private static double[] ToKw(float[] normalised, FeatureSamples samples, double capacity, bool solar) =>
        normalised.Select((v, i) => solar && !samples.Daylight[i] ? 0 : Math.Clamp(v * capacity, 0, capacity)).ToArray();

    private static double[] Scale(float[] values, double factor) => values.Select(v => v * factor).ToArray();


    private TrackReport Score(Track track, FeatureSite site, TrackPredictions p, HourlySeries series, DateTimeOffset testFrom)
    {
        var capacity = site.CapacityKw;
        var trainHours = Enumerable.Range(0, (int)(testFrom - series.Start).TotalHours).ToArray();
        var climatology = Baselines.HourlyClimatology(
            trainHours.Select(h => (double)series.PowerKw[h]).ToArray(), trainHours.Select(h => series.Start.AddHours(h)).ToArray(), p.Hours);
        var reference = p.SmartPersistenceKw;
        var (lower, upper) = (OnlyCounted(p.P10Kw, p.CoverageHours), OnlyCounted(p.P90Kw, p.CoverageHours));
        MetricSet Metrics(double[] predicted, bool withInterval = false) => ForecastMetrics.Compute(
            p.ActualKw, predicted, capacity, reference, withInterval ? lower : default, withInterval ? upper : default);

        var models = new Dictionary<string, MetricSet>
        {
            [EvaluationReport.Model] = Metrics(p.P50Kw, withInterval: true),
            ["persistence-24h"] = Metrics(p.Persistence24hKw),
            ["smart-persistence"] = Metrics(p.SmartPersistenceKw),
            ["climatology"] = Metrics(Baselines.ClipToCapacity(climatology, capacity)),
        };
        // The physical model and the regression are driven by the forecast hours' weather: only the weather track has it.
        if (track.UseWeather)
        {
            models["physical"] = Metrics(p.PhysicalKw);
            models["regression"] = Metrics(p.Regression);
        }
        return new TrackReport(track.Name, track.Description, track.Horizon, p.ActualKw.Count(double.IsFinite), models);
    }

    /// <summary>Interval bounds of the counted hours, NaN elsewhere (coverage and width skip hours without bounds).</summary>
    private static double[] OnlyCounted(double[] bounds, bool[]? counted) =>
        counted is null ? bounds : bounds.Select((b, i) => counted[i] ? b : double.NaN).ToArray();

    private static FeatureSite ToFeatureSite(EvaluationSiteFile f) => new(
        f.Type == "solar" ? PlantType.Solar : PlantType.Wind, f.Latitude ?? 0, f.Longitude ?? 0, f.CapacityKw, f.ElevationM ?? 0,
        f.TiltDeg, f.AzimuthDeg, f.HubHeightM);
}
