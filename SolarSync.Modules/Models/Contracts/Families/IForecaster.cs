using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// A trained model of one family. It reads unscaled samples of the feature catalog and returns each forecast hour's
/// output ÷ capacity, clipped to [0, 1]; night masking, availability and intervals are applied around it
/// (<see cref="TrainedModel"/>), the same for every family. Predicting never changes the model, so requests may share it.
/// </summary>
public interface IForecaster : IDisposable
{
    string Family { get; }

    /// <summary>Hours of history each sample carries.</summary>
    int Lookback { get; }

    /// <summary>The longest forecast the model was trained for, hours.</summary>
    int Horizon { get; }

    /// <summary>[Count·Horizon] outputs ÷ capacity for samples of any horizon up to <see cref="Horizon"/>.</summary>
    float[] Predict(FeatureSamples raw);

    /// <summary>Writes the family's files into a version folder being assembled.</summary>
    void Save(string directory);
}
