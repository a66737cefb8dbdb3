using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SolarSync.Modules.Prediction.Experiments;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction;

/// <summary>Prediction's instruments on the SolarSync meter.</summary>
internal sealed class PredictionMetrics
{
    private readonly ConcurrentDictionary<long, (string Type, string Verdict)> verdicts = new();
    private readonly Counter<long> predictions;
    private readonly Histogram<double> duration;

    public PredictionMetrics(SolarSyncMetrics metrics)
    {
        predictions = metrics.Meter.CreateCounter<long>("solarsync.predictions", "{forecast}",
            "Forecasts served, by plant type, cache outcome (hit, miss, bypass) and model (production or physical).");
        duration = metrics.Meter.CreateHistogram<double>("solarsync.prediction.duration", "s",
            "Time to serve a forecast, by plant type and cache outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        metrics.Meter.CreateObservableGauge("solarsync.experiment.verdict", ObserveExperimentVerdicts,
            description: "Verdict of each analysed experiment (labels experiment, type, verdict): -1 champion_wins, 0 running or no_difference, 1 challenger_wins.");
    }

    public void Served(PlantType type, string cache, string modelVersion, TimeSpan elapsed)
    {
        var typeName = type.ToDbName();
        var model = modelVersion == Forecasting.ForecastService.PhysicalModel ? "physical" : "production";
        predictions.Add(1, new("type", typeName), new("cache", cache), new("model", model));
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("type", typeName), new KeyValuePair<string, object?>("cache", cache));
    }

    /// <summary>The verdict of an experiment's last analysis in this process, for solarsync_experiment_verdict.</summary>
    public void ExperimentVerdict(Experiment experiment, string verdict) => verdicts[experiment.Id] = (experiment.Type, verdict);

    private IEnumerable<Measurement<int>> ObserveExperimentVerdicts() =>
        verdicts.Select(v => new Measurement<int>(ExperimentVerdicts.GaugeValue(v.Value.Verdict),
            new KeyValuePair<string, object?>("experiment", v.Key), new KeyValuePair<string, object?>("type", v.Value.Type),
            new KeyValuePair<string, object?>("verdict", v.Value.Verdict)));
}
