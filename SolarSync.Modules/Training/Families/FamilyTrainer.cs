using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Training.Trainers;

namespace SolarSync.Modules.Training.Families;

/// <summary>
/// One split of unscaled samples for every family: <see cref="Train"/> to fit, <see cref="Stopping"/> for early
/// stopping, <see cref="Calibration"/> for choosing the family and calibrating its intervals (never the test split).
/// Samples are built with the calibrated physics of their site.
/// </summary>
internal sealed record FamilySplits(string Type, FeatureSamples Train, FeatureSamples Stopping, FeatureSamples Calibration)
{
    public bool Solar => Type == "solar";
}

/// <summary>What a family's training reports to: the run's log and, for networks, each epoch.</summary>
internal sealed record FamilyTrainingContext(int Seed, TextWriter Log, IProgress<EpochReport>? Epochs = null);

/// <summary>Trains one model family on a split.</summary>
internal interface IFamilyTrainer
{
    string Family { get; }

    IForecaster Train(FamilySplits splits, FamilyTrainingContext context, CancellationToken ct);
}

internal static class TrainingTargets
{
    /// <summary>
    /// The targets a family learns: outage and curtailment hours (wind) become unknown, so no family learns a parked
    /// turbine as weather (the availability outlook accounts for them).
    /// </summary>
    public static float[] Of(FeatureSamples raw)
    {
        var target = (float[])raw.Target.Clone();
        if (raw.Unavailable.Length == target.Length)
        {
            for (var i = 0; i < target.Length; i++) if (raw.Unavailable[i]) target[i] = float.NaN;
        }

        return target;
    }
}
