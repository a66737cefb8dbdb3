using System.Text.Json;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Trees;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// Gradient-boosted trees over <see cref="TabularRows"/>: one model for every lead time (the lead is a column),
/// learning the correction to <see cref="ResidualBaseline"/>.
/// </summary>
internal sealed class GbmForecaster(GbmRegressor trees, int lookback, int horizon, TabularLayout? rows = null) : IForecaster
{
    private const string TreesFile = "trees.txt", ShapeFile = "gbm.json";

    private readonly TabularLayout layout = rows ?? TabularLayout.Current;

    // Neighbours and WithoutDates are absent (false) in the files of models trained before rows had them.
    private sealed record Shape(int Lookback, int Horizon, int Columns, bool Neighbours = false, bool WithoutDates = false);

    public string Family => ModelFamilies.Gbm;
    public int Lookback => lookback;
    public int Horizon => horizon;
    public GbmRegressor Trees => trees;

    public float[] Predict(FeatureSamples raw)
    {
        if (TabularRows.Width(raw, layout) != trees.Columns)
        {
            throw new InvalidDataException($"The trees read {trees.Columns} columns and this build makes {TabularRows.Width(raw, layout)}; retrain the model.");
        }

        var n = raw.Count * raw.Horizon;
        var baseline = ResidualBaseline.Of(raw);
        var all = Enumerable.Range(0, n).ToArray();
        var correction = trees.Predict(TabularRows.Build(raw, baseline, all, layout), n);
        var result = new float[n];
        for (var i = 0; i < n; i++) result[i] = Math.Clamp(baseline[i] + correction[i], 0, 1);
        return result;
    }

    public void Save(string directory)
    {
        Networks.ModelFiles.SaveText(directory, TreesFile, trees.ToModelString());
        Networks.ModelFiles.SaveText(directory, ShapeFile, JsonSerializer.Serialize(new Shape(lookback, horizon, trees.Columns, layout.Neighbours, layout.WithoutDates)));
    }

    public static GbmForecaster Load(string directory)
    {
        var shape = JsonSerializer.Deserialize<Shape>(File.ReadAllText(Path.Combine(directory, ShapeFile)))
            ?? throw new JsonException("The tree model's shape file is empty.");
        var trees = GbmRegressor.FromModelString(File.ReadAllText(Path.Combine(directory, TreesFile)));
        if (trees.Columns != shape.Columns) throw new InvalidDataException($"The trees read {trees.Columns} columns, the shape says {shape.Columns}.");
        return new GbmForecaster(trees, shape.Lookback, shape.Horizon, new TabularLayout(shape.Neighbours, shape.WithoutDates));
    }

    public void Dispose()
    {
        // The trees are managed arrays: nothing to free.
    }
}
