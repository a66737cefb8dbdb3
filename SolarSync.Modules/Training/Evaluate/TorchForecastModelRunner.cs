using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Training.Models;
using SolarSync.Modules.Training.Retrain;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>
/// The docs/architecture.md §5 networks (solar LSTM, wind GRU with attention) trained by <see cref="ModelTrainer"/>.
/// <paramref name="adjust"/> changes the default hyper-parameters (tests use tiny models).
/// </summary>
internal sealed class TorchForecastModelRunner(TrainerSettings? settings = null, Func<ModelConfig, ModelConfig>? adjust = null) : IForecastModelRunner
{
    public Task<(float[] Calibration, float[] Test)> TrainAndPredictAsync(string type, FeatureSamples train, FeatureSamples stopping,
        FeatureSamples calibration, FeatureSamples test, int seed, TextWriter log, CancellationToken ct) => Task.Run(() =>
    {
        var solar = type == ModelConfig.Solar;
        var defaults = solar ? ModelConfig.SolarDefaults(train.EncoderWidth, train.DecoderWidth) : ModelConfig.WindDefaults(train.EncoderWidth, train.DecoderWidth);
        var config = (adjust ?? (c => c))(defaults with { Lookback = train.Lookback, Horizon = train.Horizon, Seed = seed });
        using var model = Forecasters.Create(config);
        var progress = new Progress<EpochReport>(e =>
            log.WriteLine($"  epoch {e.Epoch,3}: train {e.TrainLoss:F5}  validation {e.ValidationLoss:F5}  ({e.Elapsed.TotalSeconds:F0} s)"));
        var report = new ModelTrainer(settings).Train(model, config, ToData(train, solar), ToData(stopping, solar), progress, ct);
        log.WriteLine($"  best epoch {report.BestEpoch} of {report.EpochsRun} (validation {report.BestValidationLoss:F5}) in {report.Duration.TotalSeconds:F0} s");
        return (ModelTrainer.Predict(model, ToData(calibration, solar)), ModelTrainer.Predict(model, ToData(test, solar)));
    }, ct);

    private static TrainingData ToData(FeatureSamples s, bool solar) => SampleSets.ToTrainingData(s, solar);
}
