namespace SolarSync.Modules.Models.Contracts.Trees;

/// <summary>
/// Rows to train or validate a <see cref="GbmRegressor"/> on: a row-major Rows × <paramref name="Columns"/> feature
/// matrix, one label per row and optionally one weight per row. A NaN feature is a missing value, which LightGBM
/// routes down whichever side of each split fits best; a NaN label is an hour without a measurement, which LightGBM
/// rejects, so such rows are left out (<see cref="WithLabelledRowsOnly"/>).
/// </summary>
internal sealed record GbmTrainingSet(float[] Features, int Columns, float[] Labels, float[]? Weights = null)
{
    public int Rows => Labels.Length;

    /// <summary>This set, or a copy without the rows whose label is NaN; throws if the shapes disagree.</summary>
    public GbmTrainingSet WithLabelledRowsOnly()
    {
        ArgumentNullException.ThrowIfNull(Features);
        ArgumentNullException.ThrowIfNull(Labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(Columns, 1);
        if ((long)Rows * Columns != Features.Length)
        {
            throw new ArgumentException($"{Features.Length} feature values are not {Rows} rows of {Columns} columns.");
        }
        if (Weights is not null && Weights.Length != Rows)
        {
            throw new ArgumentException($"{Weights.Length} weights for {Rows} rows.");
        }

        var kept = 0;
        foreach (var label in Labels) if (!float.IsNaN(label)) kept++;
        if (kept == Rows) return this;

        var features = new float[kept * Columns];
        var labels = new float[kept];
        var weights = Weights is null ? null : new float[kept];
        var to = 0;
        for (var row = 0; row < Rows; row++)
        {
            if (float.IsNaN(Labels[row])) continue;
            Array.Copy(Features, row * Columns, features, to * Columns, Columns);
            labels[to] = Labels[row];
            if (weights is not null) weights[to] = Weights![row];
            to++;
        }
        return new GbmTrainingSet(features, Columns, labels, weights);
    }
}
