using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Modules.Training.Trainers;

namespace SolarSync.Modules.Training.Families;

/// <summary>
/// The type's network (<see cref="Forecasters"/>), direct or residual (<see cref="NetworkForecaster"/>), trained by
/// <see cref="ModelTrainer"/> with early stopping. <paramref name="configure"/> turns the type's defaults into the
/// configuration to train (options, tests' tiny models).
/// </summary>
internal sealed class NetworkFamilyTrainer(bool residual, TrainerSettings? settings = null, Func<ModelConfig, ModelConfig>? configure = null)
    : IFamilyTrainer
{
    public string Family => residual ? ModelFamilies.NetworkResidual : ModelFamilies.Network;

    public IForecaster Train(FamilySplits splits, FamilyTrainingContext context, CancellationToken ct)
    {
        var train = splits.Train;
        var defaults = splits.Type switch
        {
            "solar" => ModelConfig.SolarDefaults(train.EncoderWidth, train.DecoderWidth),
            "load" => ModelConfig.LoadDefaults(train.EncoderWidth, train.DecoderWidth),
            _ => ModelConfig.WindDefaults(train.EncoderWidth, train.DecoderWidth),
        };
        var config = (configure ?? (c => c))(defaults with { Lookback = train.Lookback, Horizon = train.Horizon, Seed = context.Seed });
        var scaler = FeatureScaler.Fit(train);
        var module = Forecasters.Create(config);
        try
        {
            var epochs = new InlineProgress<EpochReport>(e =>
            {
                context.Log.WriteLine($"  [{Family}] epoch {e.Epoch,3}: train {e.TrainLoss:F5}  validation {e.ValidationLoss:F5}  ({e.Elapsed.TotalSeconds:F0} s)");
                context.Epochs?.Report(e);
            });
            var report = new ModelTrainer(settings).Train(module, config, Data(train, scaler, splits.Solar), Data(splits.Stopping, scaler, splits.Solar), epochs, ct);
            context.Log.WriteLine($"  [{Family}] best epoch {report.BestEpoch} of {report.EpochsRun} (validation {report.BestValidationLoss:F5}) in {report.Duration.TotalSeconds:F0} s" +
                (report.OutOfTime ? "; stopped when its time budget was spent" : ""));
            module.eval();
            return new NetworkForecaster(config, module, scaler, residual);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private TrainingData Data(FeatureSamples raw, FeatureScaler scaler, bool solar)
    {
        var target = TrainingTargets.Of(raw);
        if (residual)
        {
            var baseline = ResidualBaseline.Of(raw);
            for (var i = 0; i < target.Length; i++) target[i] = NetworkForecaster.TrainingTarget(target[i], baseline[i], residual: true);
        }

        return SampleSets.ToTrainingData(scaler.Apply(raw) with { Target = target }, solar);
    }
}
