using System.Text.RegularExpressions;
using SolarSync.Modules.Models.Contracts.Trees;

namespace SolarSync.Tests.Models.Trees;

/// <summary>The managed walk of the trees (<see cref="TreeEnsemble"/>) against LightGBM's own predict on the same model text.</summary>
public sealed partial class TreeEnsembleTests
{
    private const int Columns = 5;

    [TestCase(false)]
    [TestCase(true)]
    public void Predictions_equal_LightGBMs_own_on_rows_with_missing_zero_and_negative_values(bool quantile)
    {
        var settings = (quantile ? GbmSettings.Quantile(0.9) : new GbmSettings()) with { Threads = 1, MaxRounds = 120, MinDataInLeaf = 5 };
        var model = GbmRegressor.Train(Rows(3000, seed: 1), Rows(500, seed: 2), settings, CancellationToken.None).ToModelString();
        var test = Rows(2000, seed: 3);

        var managed = GbmRegressor.FromModelString(model).Predict(test.Features, test.Rows);
        var native = PredictWithLightGbm(model, test.Features, test.Rows);

        Assert.Multiple(() =>
        {
            Assert.That(model, Does.Contain("decision_type=10").Or.Contain("decision_type=8"), "NaN-as-missing splits are exercised");
            Assert.That(managed.Distinct().Count(), Is.GreaterThan(100), "the trees give many distinct values");
            for (var i = 0; i < test.Rows; i++) Assert.That(managed[i], Is.EqualTo(native[i]).Within(1e-6), $"row {i}");
        });
    }

    // Every combination of how a split treats missing values (decision_type: 2 = default left; (type >> 2) & 3: none,
    // zero, NaN), written into a trained model's splits: LightGBM only writes "zero" splits with zero_as_missing.
    [TestCase(0)]
    [TestCase(2)]
    [TestCase(4)]
    [TestCase(6)]
    [TestCase(8)]
    [TestCase(10)]
    public void Every_missing_value_rule_follows_LightGBM(int decisionType)
    {
        var settings = new GbmSettings { Threads = 1, MaxRounds = 60, MinDataInLeaf = 5 };
        var trained = GbmRegressor.Train(Rows(3000, seed: 4), null, settings, CancellationToken.None).ToModelString();
        var model = WithDecisionType(trained, decisionType);
        var test = Rows(2000, seed: 5);

        var managed = GbmRegressor.FromModelString(model).Predict(test.Features, test.Rows);
        var native = PredictWithLightGbm(model, test.Features, test.Rows);

        Assert.Multiple(() =>
        {
            Assert.That(DecisionTypeLine().Matches(model).SelectMany(m => m.Groups[1].Value.Split(' ')).Distinct(),
                Is.EqualTo(new[] { decisionType.ToString() }), "every split has the rule under test");
            for (var i = 0; i < test.Rows; i++) Assert.That(managed[i], Is.EqualTo(native[i]).Within(1e-6), $"row {i}");
        });
    }

    [Test]
    public void A_batch_split_across_threads_gives_the_same_values_as_one_thread()
    {
        var model = GbmRegressor.Train(Rows(3000, seed: 6), null, new GbmSettings { Threads = 1, MaxRounds = 50 }, CancellationToken.None);
        var test = Rows(5000, seed: 7);

        Assert.That(model.Predict(test.Features, test.Rows, threads: 2), Is.EqualTo(model.Predict(test.Features, test.Rows)));
    }

    [Test]
    public void A_model_with_categorical_splits_is_refused_rather_than_misread()
    {
        var model = GbmRegressor.Train(Rows(500, seed: 8), null, new GbmSettings { Threads = 1, MaxRounds = 3 }, CancellationToken.None).ToModelString();
        var categorical = WithDecisionType(model, 1);

        Assert.That(() => TreeEnsemble.Parse(categorical), Throws.TypeOf<NotSupportedException>());
    }

    [Test]
    public void A_tree_whose_split_points_back_to_an_earlier_split_is_refused_rather_than_walked_forever()
    {
        var model = GbmRegressor.Train(Rows(500, seed: 9), null, new GbmSettings { Threads = 1, MaxRounds = 1, MinDataInLeaf = 5 }, CancellationToken.None).ToModelString();
        var lefts = LeftChildLine().Match(model);
        var children = lefts.Groups[1].Value.Split(' ');
        children[^1] = "0"; // the last split's left child becomes the root: a cycle
        var cyclic = TreeSizesLine().Replace(model.Replace(lefts.Value, "left_child=" + string.Join(' ', children)), "");

        Assert.Multiple(() =>
        {
            Assert.That(children, Has.Length.GreaterThan(1), "the tree has more than one split");
            Assert.That(() => TreeEnsemble.Parse(cyclic), Throws.TypeOf<FormatException>().With.Message.Contains("comes before it"));
        });
    }

    [GeneratedRegex(@"left_child=([-0-9 ]+)")]
    private static partial Regex LeftChildLine();

    /// <summary>
    /// The model with every split's decision_type set to one value. The byte sizes LightGBM lists to find each tree
    /// no longer hold, so that line goes: without it LightGBM reads the trees one after another.
    /// </summary>
    private static string WithDecisionType(string model, int decisionType)
    {
        var rewritten = DecisionTypeLine().Replace(model, m =>
            "decision_type=" + string.Join(' ', m.Groups[1].Value.Split(' ').Select(_ => decisionType)));
        return TreeSizesLine().Replace(rewritten, "");
    }

    [GeneratedRegex(@"decision_type=([0-9 ]+)")]
    private static partial Regex DecisionTypeLine();

    [GeneratedRegex(@"^tree_sizes=[0-9 ]*\n", RegexOptions.Multiline)]
    private static partial Regex TreeSizesLine();

    /// <summary>
    /// y = sin(x0)·x1 + |x2| + noise; x0 is missing in one row of 8 (y then takes another branch), x1 is exactly 0 in
    /// one of 6, x2 ranges over negative values, and x3, x4 are distractors, one of them 1e-36 (LightGBM's zero) at times.
    /// </summary>
    private static GbmTrainingSet Rows(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows * Columns];
        var labels = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var x0 = random.NextDouble() * 6 - 3;
            var x1 = random.Next(6) == 0 ? 0 : random.NextDouble() * 4 - 2;
            var x2 = random.NextDouble() * 4 - 3;
            var missing = random.Next(8) == 0;
            features[r * Columns] = missing ? float.NaN : (float)x0;
            features[r * Columns + 1] = (float)x1;
            features[r * Columns + 2] = (float)x2;
            features[r * Columns + 3] = random.Next(10) == 0 ? 1e-36f : (float)random.NextDouble();
            features[r * Columns + 4] = (float)random.NextDouble();
            labels[r] = (float)((missing ? 1.5 : Math.Sin(x0) * x1) + Math.Abs(x2) + 0.05 * (random.NextDouble() - 0.5));
        }

        return new GbmTrainingSet(features, Columns, labels);
    }

    private static float[] PredictWithLightGbm(string model, float[] features, int rows)
    {
        using var lightGbm = new LightGbmReference(model);
        return lightGbm.Predict(features, rows);
    }
}
