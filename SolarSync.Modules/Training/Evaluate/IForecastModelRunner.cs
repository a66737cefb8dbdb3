using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>
/// Trains the type's network on scaled samples, early-stopping on <c>stopping</c>, and predicts the calibration and
/// test samples, capacity-normalised [N·H].
/// </summary>
internal interface IForecastModelRunner
{
    Task<(float[] Calibration, float[] Test)> TrainAndPredictAsync(string type, FeatureSamples train, FeatureSamples stopping,
        FeatureSamples calibration, FeatureSamples test, int seed, TextWriter log, CancellationToken ct);
}
