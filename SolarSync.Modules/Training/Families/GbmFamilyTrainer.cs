using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Trees;
using SolarSync.Modules.Training.Retrain;

namespace SolarSync.Modules.Training.Families;

/// <summary>
/// Gradient-boosted trees (<see cref="GbmForecaster"/>) on one row per forecast hour, learning the correction to the
/// residual baseline; early stopping on the stopping split. Rows without a target, solar night rows (always 0) and
/// outage hours are left out; beyond <paramref name="maxRows"/> a seeded random subset is kept (consecutive issue
/// hours repeat nearly the same rows, so a subset loses little and bounds memory and time).
/// </summary>
internal sealed class GbmFamilyTrainer(GbmSettings? settings = null, int maxRows = 400_000) : IFamilyTrainer
{
    public string Family => ModelFamilies.Gbm;

    public IForecaster Train(FamilySplits splits, FamilyTrainingContext context, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var s = (settings ?? new GbmSettings()) with { Seed = context.Seed };
        var (train, trainRows) = Rows(splits.Train, splits.Solar, maxRows, context.Seed);
        double? rowsPerHour = splits.Type == "load" ? null : RowsPerHour(splits.Train, trainRows);
        if (rowsPerHour is { } repeats) s = s with { MinDataInLeaf = (int)Math.Ceiling(s.MinDataInLeaf * repeats) };
        var (stopping, _) = Rows(splits.Stopping, splits.Solar, maxRows / 4, context.Seed + 1);
        var trees = GbmRegressor.Train(train, stopping, s, ct);
        context.Log.WriteLine($"  [{Family}] {train.Rows} rows x {train.Columns} columns ({(rowsPerHour is { } r ? $"{r:F1} rows per hour, " : "")}{s.MinDataInLeaf} per leaf); best round {trees.BestIteration} of {trees.RoundsTrained} " +
            $"(validation {trees.BestValidationLoss:F5}) in {(DateTime.UtcNow - started).TotalSeconds:F0} s");
        return new GbmForecaster(trees, splits.Train.Lookback, splits.Train.Horizon);
    }

    /// <summary>The tree rows of a split, and which flattened (sample, lead) hours they are.</summary>
    private static (GbmTrainingSet Rows, int[] Indices) Rows(FeatureSamples raw, bool solar, int maxRows, int seed)
    {
        var target = TrainingTargets.Of(raw);
        var usable = Enumerable.Range(0, target.Length).Where(i => !float.IsNaN(target[i]) && (!solar || raw.Daylight[i])).ToArray();
        if (usable.Length > maxRows)
        {
            new Random(seed).Shuffle(usable);
            usable = usable[..maxRows];
            Array.Sort(usable);
        }

        var baseline = ResidualBaseline.Of(raw);
        var labels = usable.Select(i => target[i] - baseline[i]).ToArray();
        return (new GbmTrainingSet(TabularRows.Build(raw, baseline, usable), TabularRows.Width(raw), labels), usable);
    }

    /// <summary>
    /// How many rows show the same hour of the same plant, on average: samples issued an hour apart forecast nearly the
    /// same hours, so an hour recurs at every lead time. For generation a leaf's minimum is meant in hours of weather,
    /// which are the same in every copy of an hour, so the trainer scales it by this. Demand's rows of one hour differ in
    /// the recent load they start from, which is what its trees split on: its minimum stays in rows.
    /// </summary>
    private static double RowsPerHour(FeatureSamples raw, IReadOnlyList<int> rows)
    {
        if (rows.Count == 0) return 1;
        var keys = SampleSets.TargetHourKeys(raw);
        return (double)rows.Count / rows.Select(i => keys[i]).Distinct().Count();
    }
}
