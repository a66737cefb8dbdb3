namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>The model families trained at every retrain; the registry records which one a version is.</summary>
public static class ModelFamilies
{
    /// <summary>The type's recurrent network (solar LSTM, wind GRU with attention) predicting the output itself.</summary>
    public const string Network = "network";

    /// <summary>The same network learning the correction to <see cref="ResidualBaseline"/> instead of the output.</summary>
    public const string NetworkResidual = "network-residual";

    /// <summary>Gradient-boosted trees (LightGBM) on tabular rows, one per forecast hour, learning the correction to the baseline.</summary>
    public const string Gbm = "gbm";

    /// <summary>The trained families' forecasts averaged, each weighted by the inverse of its validation mean squared error.</summary>
    public const string Ensemble = "ensemble";

    /// <summary>The families a retrain trains (and a retrain request may name).</summary>
    public static IReadOnlyList<string> All { get; } = [Network, NetworkResidual, Gbm];

    /// <summary>What a version may be: a trained family or the ensemble of them.</summary>
    public static IReadOnlyList<string> Selectable { get; } = [Network, NetworkResidual, Gbm, Ensemble];
}
