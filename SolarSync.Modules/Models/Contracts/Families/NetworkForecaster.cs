using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Networks;
using static TorchSharp.torch;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// The type's recurrent network (<see cref="Forecasters"/>) with the scaler fitted on its training split. In the
/// residual form the network's sigmoid output y ∈ (0, 1) is the correction 2y − 1 to <see cref="ResidualBaseline"/>,
/// so an untrained network (y = ½) starts from the baseline instead of from nothing.
/// </summary>
internal sealed class NetworkForecaster(ModelConfig config, nn.Module<Tensor, Tensor, Tensor> module, FeatureScaler scaler, bool residual)
    : IForecaster
{
    private const string ScalerFile = "scaler.json";

    public string Family => residual ? ModelFamilies.NetworkResidual : ModelFamilies.Network;
    public int Lookback => config.Lookback;
    public int Horizon => config.Horizon;
    public ModelConfig Config => config;
    public nn.Module<Tensor, Tensor, Tensor> Module => module;
    public FeatureScaler Scaler => scaler;

    /// <summary>The value the network is trained to output for a target: the target itself, or its shifted correction.</summary>
    public static float TrainingTarget(float target, float baseline, bool residual) => residual ? (target - baseline + 1) / 2 : target;

    public float[] Predict(FeatureSamples raw)
    {
        var output = ModelInference.Predict(module, scaler.Apply(raw));
        if (!residual) return output;
        var baseline = ResidualBaseline.Of(raw);
        for (var i = 0; i < output.Length; i++) output[i] = Math.Clamp(baseline[i] + 2 * output[i] - 1, 0, 1);
        return output;
    }

    public void Save(string directory)
    {
        ModelFiles.Save(module, directory);
        ModelFiles.SaveConfig(config, directory);
        ModelFiles.SaveText(directory, ScalerFile, scaler.ToJson());
    }

    public static NetworkForecaster Load(string directory, bool residual)
    {
        var config = ModelFiles.LoadConfig(directory);
        var module = Forecasters.Create(config);
        try
        {
            ModelFiles.Load(module, directory);
            module.eval();
            return new NetworkForecaster(config, module, FeatureScaler.FromJson(File.ReadAllText(Path.Combine(directory, ScalerFile))), residual);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    public void Dispose() => module.Dispose();
}
