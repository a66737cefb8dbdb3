using System.Text.Json;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Trees;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// Gradient-boosted trees over <see cref="TabularRows"/>: one model for every lead time (the lead is a column),
/// learning the correction to <see cref="ResidualBaseline"/>. The correction is the mean of a bag of tree models
/// trained alike but for their random seeds (row and column subsampling): each alone fits some noise of the rows
/// its seed drew, which the mean averages away.
/// </summary>
internal sealed class GbmForecaster(IReadOnlyList<GbmRegressor> bag, int lookback, int horizon, TabularLayout? rows = null) : IForecaster
{
    // The first member keeps the file name a model of one member always had.
    private const string TreesFile = "trees.txt", ShapeFile = "gbm.json";

    private readonly TabularLayout layout = rows ?? TabularLayout.Current;

    public GbmForecaster(GbmRegressor trees, int lookback, int horizon, TabularLayout? rows = null) : this([trees], lookback, horizon, rows)
    {
    }

    // Neighbours and WithoutDates are absent (false) in the files of models trained before rows had them, Members
    // (1) in those of models of one member.
    private sealed record Shape(int Lookback, int Horizon, int Columns, bool Neighbours = false, bool WithoutDates = false, int Members = 1);

    public string Family => ModelFamilies.Gbm;
    public int Lookback => lookback;
    public int Horizon => horizon;

    /// <summary>The tree models whose corrections are averaged; all read the same columns.</summary>
    public IReadOnlyList<GbmRegressor> Bag { get; } = bag.Count > 0 && bag.All(t => t.Columns == bag[0].Columns)
        ? bag
        : throw new ArgumentException("A tree bag needs at least one model, all reading the same columns.", nameof(bag));

    public float[] Predict(FeatureSamples raw)
    {
        var columns = Bag[0].Columns;
        if (TabularRows.Width(raw, layout) != columns)
        {
            throw new InvalidDataException($"The trees read {columns} columns and this build makes {TabularRows.Width(raw, layout)}; retrain the model.");
        }

        var n = raw.Count * raw.Horizon;
        var baseline = ResidualBaseline.Of(raw);
        var features = TabularRows.Build(raw, baseline, Enumerable.Range(0, n).ToArray(), layout);
        var correction = new double[n];
        foreach (var trees in Bag)
        {
            var member = trees.Predict(features, n);
            for (var i = 0; i < n; i++) correction[i] += member[i];
        }

        var result = new float[n];
        for (var i = 0; i < n; i++) result[i] = (float)Math.Clamp(baseline[i] + correction[i] / Bag.Count, 0, 1);
        return result;
    }

    public void Save(string directory)
    {
        for (var m = 0; m < Bag.Count; m++) Networks.ModelFiles.SaveText(directory, MemberFile(m), Bag[m].ToModelString());
        var shape = new Shape(lookback, horizon, Bag[0].Columns, layout.Neighbours, layout.WithoutDates, Bag.Count);
        Networks.ModelFiles.SaveText(directory, ShapeFile, JsonSerializer.Serialize(shape));
    }

    public static GbmForecaster Load(string directory)
    {
        var shape = JsonSerializer.Deserialize<Shape>(File.ReadAllText(Path.Combine(directory, ShapeFile)))
            ?? throw new JsonException("The tree model's shape file is empty.");
        if (shape.Members < 1) throw new InvalidDataException($"The tree model's shape file names {shape.Members} members.");
        var bag = Enumerable.Range(0, shape.Members)
            .Select(m => GbmRegressor.FromModelString(File.ReadAllText(Path.Combine(directory, MemberFile(m))))).ToList();
        if (bag.Any(t => t.Columns != shape.Columns))
        {
            throw new InvalidDataException($"The trees read {string.Join('/', bag.Select(t => t.Columns).Distinct())} columns, the shape says {shape.Columns}.");
        }

        return new GbmForecaster(bag, shape.Lookback, shape.Horizon, new TabularLayout(shape.Neighbours, shape.WithoutDates));
    }

    private static string MemberFile(int member) => member == 0 ? TreesFile : $"trees.{member + 1}.txt";

    public void Dispose()
    {
        // The trees are managed arrays: nothing to free.
    }
}
