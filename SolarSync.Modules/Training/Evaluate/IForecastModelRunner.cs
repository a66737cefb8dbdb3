using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>Trains the type's network on scaled samples and predicts validation and test, capacity-normalised [N·H].</summary>
internal interface IForecastModelRunner
{
    Task<(float[] Validation, float[] Test)> TrainAndPredictAsync(string type, FeatureSamples train, FeatureSamples validation,
        FeatureSamples test, int seed, TextWriter log, CancellationToken ct);
}
