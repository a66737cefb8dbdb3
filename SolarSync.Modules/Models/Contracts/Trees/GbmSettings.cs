using System.Globalization;

namespace SolarSync.Modules.Models.Contracts.Trees;

/// <summary>What a gradient-boosted model minimises: the squared error (a mean forecast) or the pinball loss at
/// <see cref="GbmSettings.Alpha"/> (a quantile forecast, for p10/p90 bands).</summary>
internal enum GbmObjective
{
    Regression,
    Quantile,
}

/// <summary>
/// Training settings of <see cref="GbmRegressor"/>. The defaults suit hourly energy-forecast tables (tens of thousands
/// of rows, tens of weather and calendar columns): a slow learning rate with early stopping picks the number of trees,
/// 50 rows per leaf (for generation the tree family counts them in distinct hours, as its rows repeat an hour at every
/// lead time) keeps leaves from fitting single weather events, and row and column subsampling with an L2 penalty make
/// the trees less alike. Training is reproducible: fixed seeds, deterministic mode, and a fixed histogram layout
/// (LightGBM otherwise times row- and column-wise layouts and keeps the faster, which its docs warn breaks
/// determinism). The trees do not depend on the thread count either (GbmRegressorTests).
/// </summary>
internal sealed record GbmSettings
{
    public GbmObjective Objective { get; init; } = GbmObjective.Regression;

    /// <summary>The quantile of a <see cref="GbmObjective.Quantile"/> objective, in (0, 1).</summary>
    public double Alpha { get; init; } = 0.5;

    public double LearningRate { get; init; } = 0.05;
    public int NumLeaves { get; init; } = 31;
    public int MinDataInLeaf { get; init; } = 50;
    public double FeatureFraction { get; init; } = 0.9;
    public double BaggingFraction { get; init; } = 0.8;

    /// <summary>Rows are resampled every this many rounds; 0 turns bagging off.</summary>
    public int BaggingFrequency { get; init; } = 1;

    public double LambdaL2 { get; init; } = 1.0;
    public int MaxBin { get; init; } = 255;

    /// <summary>The most boosting rounds (trees) trained.</summary>
    public int MaxRounds { get; init; } = 600;

    /// <summary>Training stops after this many rounds without a lower validation loss; 0 trains all
    /// <see cref="MaxRounds"/> rounds and still keeps the best one.</summary>
    public int EarlyStoppingRounds { get; init; } = 40;

    /// <summary>Training threads; 0 takes <see cref="Environment.ProcessorCount"/>, which, unlike OpenMP's own
    /// default, honours a container's CPU limit.</summary>
    public int Threads { get; init; }

    public int Seed { get; init; } = 42;

    public static GbmSettings Quantile(double alpha) => new() { Objective = GbmObjective.Quantile, Alpha = alpha };

    /// <summary>The metric early stopping watches (lower is better): the objective's own loss.</summary>
    public string Metric => Objective == GbmObjective.Quantile ? "quantile" : "l2";

    /// <summary>LightGBM's "key=value key=value" form of these settings, for both the datasets and the booster (the
    /// dataset keys such as max_bin must agree between them). LightGBM checks the values and rejects bad ones.</summary>
    public string ToParameterString()
    {
        var threads = Threads > 0 ? Threads : Environment.ProcessorCount;
        var parameters = new List<string>
        {
            "objective=" + (Objective == GbmObjective.Quantile ? "quantile" : "regression"),
            "metric=" + Metric,
            "learning_rate=" + Format(LearningRate),
            "num_leaves=" + Format(NumLeaves),
            "min_data_in_leaf=" + Format(MinDataInLeaf),
            "feature_fraction=" + Format(FeatureFraction),
            "bagging_fraction=" + Format(BaggingFraction),
            "bagging_freq=" + Format(BaggingFrequency),
            "lambda_l2=" + Format(LambdaL2),
            "max_bin=" + Format(MaxBin),
            "num_threads=" + Format(threads),
            "seed=" + Format(Seed),
            "deterministic=true",
            "force_col_wise=true",
            "verbosity=-1",
        };
        if (Objective == GbmObjective.Quantile) parameters.Add("alpha=" + Format(Alpha));
        return string.Join(' ', parameters);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
