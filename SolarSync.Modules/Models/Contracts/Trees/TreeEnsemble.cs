using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SolarSync.Modules.Models.Contracts.Trees;

/// <summary>
/// The trees of a LightGBM model text (<see cref="GbmRegressor.ToModelString"/>), read into flat arrays and walked in
/// managed code. Serving asks for a few dozen rows at a time, where LightGBM's own predict spends most of its time
/// outside the trees (a predictor built per call, every row copied into sparse pairs and back), takes a lock per
/// booster and sets its thread count process-wide. The walk follows LightGBM's numerical split rule (include/LightGBM/
/// tree.h, NumericalDecision) exactly, so both give the same numbers (<c>TreeEnsembleTests</c> holds them to LightGBM).
/// Immutable: any number of threads may predict at once.
/// </summary>
internal sealed class TreeEnsemble
{
    // decision_type bits of a split: 1 categorical, 2 missing values go left, (type >> 2) & 3 which values are missing.
    private const int CategoricalMask = 1;
    private const int DefaultLeftMask = 2;
    private const int MissingZero = 1, MissingNaN = 2; // 0: none (NaN reads as 0)

    // LightGBM reads |x| ≤ 1e-35 as exactly zero (kZeroThreshold).
    private const double ZeroThreshold = 1e-35;

    /// <summary>
    /// The nodes of every tree, one array per field: splits in LightGBM's numbering, then the tree's leaves. A split goes
    /// to child 2n + 1 (right) when the feature exceeds its threshold, and for a missing value to the side LightGBM sends
    /// it (<see cref="NaNGoesRight"/>). A leaf's two children are itself, so rows walked together can all keep stepping
    /// until the last of them arrives. A split's children come after it (checked when read), so every walk ends.
    /// </summary>
    private readonly int[] roots, firstLeaves, features, children, nanRight;
    private readonly double[] thresholds, leafValues;

    /// <summary>Zero-as-missing splits (LightGBM writes them only with zero_as_missing) take the general walk.</summary>
    private readonly bool[] zeroIsMissing;
    private readonly bool anyZeroIsMissing;

    /// <summary>A node as read, before the fields go to their arrays.</summary>
    private readonly record struct ReadNode(double Threshold, int Feature, int Left, int Right, bool NaNRight, bool ZeroIsMissing, double LeafValue);

    private TreeEnsemble(int columns, int[] roots, int[] firstLeaves, List<ReadNode> nodes)
    {
        Columns = columns;
        this.roots = roots;
        this.firstLeaves = firstLeaves;
        thresholds = [.. nodes.Select(n => n.Threshold)];
        features = [.. nodes.Select(n => n.Feature)];
        children = [.. nodes.SelectMany(n => new[] { n.Left, n.Right })];
        nanRight = [.. nodes.Select(n => n.NaNRight ? 1 : 0)];
        zeroIsMissing = [.. nodes.Select(n => n.ZeroIsMissing)];
        anyZeroIsMissing = zeroIsMissing.Contains(true);
        leafValues = [.. nodes.Select(n => n.LeafValue)];
    }

    /// <summary>Features per row (max_feature_idx + 1).</summary>
    public int Columns { get; }

    public int Trees => roots.Length;

    /// <summary>The sum of the trees' leaves for each row of a row-major rows × <see cref="Columns"/> matrix (NaN: missing).</summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> output)
    {
        if (features.Length != output.Length * Columns)
        {
            throw new ArgumentException($"{features.Length} feature values are not {output.Length} rows of {Columns} columns.", nameof(features));
        }

        var values = new double[features.Length];
        for (var i = 0; i < values.Length; i++) values[i] = Math.Abs(features[i]) <= ZeroThreshold ? 0 : features[i];
        var sums = new double[output.Length];
        if (anyZeroIsMissing) SumWithZeroAsMissing(values, sums);
        else Sum(values, sums);
        for (var r = 0; r < sums.Length; r++) output[r] = (float)sums[r];
    }

    /// <summary>
    /// Tree by tree, four rows abreast. A walk is a chain of loads whose next address hangs on a comparison: with a
    /// branch per step the processor guesses the side and is wrong half the time, so the side is computed as a number
    /// (0 or 1) and four independent chains overlap. LightGBM grows trees leaf by leaf, so a tree's deepest path is
    /// often twice its typical one: the four stop as soon as all of them stand on leaves (a tree's leaves are numbered
    /// after its splits) rather than at the tree's depth. Indices were checked when the model was read, which is why
    /// the loop reads the arrays without bounds checks.
    /// </summary>
    private void Sum(double[] values, double[] sums)
    {
        var walk = new Walk(this, values);
        var rows = sums.Length;
        for (var t = 0; t < roots.Length; t++)
        {
            var (root, firstLeaf) = (roots[t], firstLeaves[t]);
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                var (a, b, c, d) = (root, root, root, root);
                var (xa, xb, xc, xd) = (r * Columns, (r + 1) * Columns, (r + 2) * Columns, (r + 3) * Columns);
                while (Math.Min(Math.Min(a, b), Math.Min(c, d)) < firstLeaf)
                {
                    a = walk.Next(xa, a);
                    b = walk.Next(xb, b);
                    c = walk.Next(xc, c);
                    d = walk.Next(xd, d);
                }

                sums[r] += leafValues[a];
                sums[r + 1] += leafValues[b];
                sums[r + 2] += leafValues[c];
                sums[r + 3] += leafValues[d];
            }

            for (; r < rows; r++)
            {
                var node = root;
                while (node < firstLeaf) node = walk.Next(r * Columns, node);
                sums[r] += leafValues[node];
            }
        }
    }

    /// <summary>One step through a tree for the row starting at a given offset of the values: the next node.</summary>
    private readonly ref struct Walk
    {
        private readonly ref double values;
        private readonly ref int feature, nanRight, child;
        private readonly ref double threshold;

        public Walk(TreeEnsemble trees, double[] rowValues)
        {
            values = ref MemoryMarshal.GetArrayDataReference(rowValues);
            feature = ref MemoryMarshal.GetArrayDataReference(trees.features);
            nanRight = ref MemoryMarshal.GetArrayDataReference(trees.nanRight);
            child = ref MemoryMarshal.GetArrayDataReference(trees.children);
            threshold = ref MemoryMarshal.GetArrayDataReference(trees.thresholds);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Next(int rowStart, int node)
        {
            var value = Unsafe.Add(ref values, rowStart + Unsafe.Add(ref feature, node));
            var side = (value > Unsafe.Add(ref threshold, node) ? 1 : 0) | ((double.IsNaN(value) ? 1 : 0) & Unsafe.Add(ref nanRight, node));
            return Unsafe.Add(ref child, 2 * node + side);
        }
    }

    /// <summary>LightGBM's rule as written (NumericalDecision), for ensembles with zero-as-missing splits.</summary>
    private void SumWithZeroAsMissing(double[] values, double[] sums)
    {
        for (var r = 0; r < sums.Length; r++)
        {
            for (var t = 0; t < roots.Length; t++)
            {
                var node = roots[t];
                while (node < firstLeaves[t])
                {
                    var value = values[r * Columns + features[node]];
                    var missing = double.IsNaN(value) || (zeroIsMissing[node] && value == 0);
                    node = children[2 * node + (missing ? nanRight[node] : value > thresholds[node] ? 1 : 0)];
                }

                sums[r] += leafValues[node];
            }
        }
    }

    /// <summary>Reads every tree of a LightGBM model text. Categorical splits and linear trees are not supported.</summary>
    public static TreeEnsemble Parse(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        int? columns = null;
        var trees = new List<Dictionary<string, string>>();
        Dictionary<string, string>? tree = null;
        foreach (var raw in model.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line == "end of trees") break;
            if (line.StartsWith("Tree=", StringComparison.Ordinal))
            {
                tree = [];
                trees.Add(tree);
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0) continue;
            var (key, value) = (line[..equals], line[(equals + 1)..]);
            if (tree is not null) tree[key] = value;
            else if (key == "max_feature_idx") columns = int.Parse(value, CultureInfo.InvariantCulture) + 1;
        }

        if (columns is null) throw new FormatException("The LightGBM model names no max_feature_idx.");
        return Build(columns.Value, trees);
    }

    private static TreeEnsemble Build(int columns, List<Dictionary<string, string>> trees)
    {
        var (roots, firstLeaves) = (new int[trees.Count], new int[trees.Count]);
        var nodes = new List<ReadNode>();
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (Int(tree, "num_cat") > 0) throw new NotSupportedException("Categorical splits are not supported.");
            if (tree.TryGetValue("is_linear", out var linear) && linear.Trim() != "0") throw new NotSupportedException("Linear trees are not supported.");

            var leafValues = Doubles(tree, "leaf_value");
            if (leafValues.Length != Int(tree, "num_leaves")) throw new FormatException($"Tree {t}: leaf_value does not list num_leaves values.");
            var splits = leafValues.Length - 1;
            var (decision, features, thresholds, lefts, rights) = splits == 0
                ? ([], [], [], [], [])
                : (Ints(tree, "decision_type", splits), Ints(tree, "split_feature", splits), Doubles(tree, "threshold", splits),
                    Ints(tree, "left_child", splits), Ints(tree, "right_child", splits));
            if (features.Any(f => f < 0 || f >= columns)) throw new FormatException($"Tree {t} splits on a feature beyond column {columns - 1}.");
            if (lefts.Concat(rights).Any(c => c >= splits || ~c >= leafValues.Length)) throw new FormatException($"Tree {t} has a child beyond its nodes.");
            if (Enumerable.Range(0, splits).Any(n => (lefts[n] >= 0 && lefts[n] <= n) || (rights[n] >= 0 && rights[n] <= n)))
            {
                throw new FormatException($"Tree {t} has a split whose child comes before it.");
            }

            // A leaf child (~leaf in LightGBM) becomes the node after the tree's splits that holds that leaf.
            var offset = nodes.Count;
            int Global(int child) => child >= 0 ? offset + child : offset + splits + ~child;
            for (var n = 0; n < splits; n++)
            {
                if ((decision[n] & CategoricalMask) != 0) throw new NotSupportedException("Categorical splits are not supported.");
                nodes.Add(new ReadNode(thresholds[n], features[n], Global(lefts[n]), Global(rights[n]),
                    NaNGoesRight(decision[n], thresholds[n]), ((decision[n] >> 2) & 3) == MissingZero, LeafValue: 0));
            }

            for (var leaf = 0; leaf < leafValues.Length; leaf++)
            {
                var self = offset + splits + leaf;
                nodes.Add(new ReadNode(Threshold: 0, Feature: 0, self, self, NaNRight: false, ZeroIsMissing: false, leafValues[leaf]));
            }

            roots[t] = offset;
            firstLeaves[t] = offset + splits;
        }

        return new TreeEnsemble(columns, roots, firstLeaves, nodes);
    }

    /// <summary>
    /// Where LightGBM sends a missing value: to the split's default side when NaN is its missing value, else it reads
    /// NaN as 0 — which a zero-as-missing split sends to its default side and any other compares with the threshold.
    /// </summary>
    private static bool NaNGoesRight(int decisionType, double threshold)
    {
        var defaultRight = (decisionType & DefaultLeftMask) == 0;
        return ((decisionType >> 2) & 3) switch
        {
            MissingNaN or MissingZero => defaultRight,
            _ => 0 > threshold,
        };
    }

    private static string Field(Dictionary<string, string> tree, string key) =>
        tree.TryGetValue(key, out var value) ? value : throw new FormatException($"A tree of the LightGBM model has no {key}.");

    private static int Int(Dictionary<string, string> tree, string key) =>
        tree.TryGetValue(key, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;

    private static int[] Ints(Dictionary<string, string> tree, string key, int count)
    {
        var values = Field(tree, key).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return values.Length == count ? values : throw new FormatException($"A tree's {key} lists {values.Length} values, not {count}.");
    }

    private static double[] Doubles(Dictionary<string, string> tree, string key, int? count = null)
    {
        var values = Field(tree, key).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseDouble).ToArray();
        return count is null || values.Length == count ? values : throw new FormatException($"A tree's {key} lists {values.Length} values, not {count}.");
    }

    // LightGBM writes infinities as "inf" / "-inf" (C printf), which .NET does not read.
    private static double ParseDouble(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
