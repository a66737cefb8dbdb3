using System.Diagnostics.Metrics;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction;

/// <summary>Prediction's instruments on the SolarSync meter.</summary>
internal sealed class PredictionMetrics(SolarSyncMetrics metrics)
{
    private readonly Counter<long> predictions = metrics.Meter.CreateCounter<long>("solarsync.predictions", "{forecast}",
        "Forecasts served, by plant type, cache outcome (hit, miss, bypass) and model (production or physical).");
    private readonly Histogram<double> duration = metrics.Meter.CreateHistogram<double>("solarsync.prediction.duration", "s",
        "Time to serve a forecast, by plant type and cache outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    public void Served(PlantType type, string cache, string modelVersion, TimeSpan elapsed)
    {
        var typeName = type.ToDbName();
        var model = modelVersion == Forecasting.ForecastService.PhysicalModel ? "physical" : "production";
        predictions.Add(1, new("type", typeName), new("cache", cache), new("model", model));
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("type", typeName), new KeyValuePair<string, object?>("cache", cache));
    }
}
