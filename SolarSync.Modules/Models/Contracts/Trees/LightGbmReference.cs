using static SolarSync.Modules.Models.Contracts.Trees.LightGbmNative;

namespace SolarSync.Modules.Models.Contracts.Trees;

/// <summary>
/// LightGBM's own predict on a model text: the reference <see cref="TreeEnsemble"/> is held to in tests and timed
/// against in the serving benchmark. The service never predicts with it.
/// </summary>
internal sealed class LightGbmReference : IDisposable
{
    private readonly BoosterHandle booster;
    private readonly int iterations;

    public LightGbmReference(string model)
    {
        Check(LGBM_BoosterLoadModelFromString(model, out iterations, out booster));
        Check(LGBM_BoosterGetNumFeature(booster, out var columns));
        Columns = columns;
    }

    public int Columns { get; }

    /// <summary>One value per row of a row-major rows × <see cref="Columns"/> matrix, on the calling thread.</summary>
    public unsafe float[] Predict(float[] features, int rows)
    {
        if ((long)rows * Columns != features.Length) throw new ArgumentException($"{features.Length} values are not {rows} rows of {Columns} columns.", nameof(features));
        var output = new double[rows];
        long written;
        fixed (float* data = features)
        fixed (double* results = output)
        {
            Check(LGBM_BoosterPredictForMat(booster, data, DtypeFloat32, rows, Columns, RowMajor, PredictNormal,
                startIteration: 0, iterations, "num_threads=1 verbosity=-1", out written, results));
        }

        if (written != rows) throw new InvalidOperationException($"LightGBM wrote {written} predictions for {rows} rows.");
        return [.. output.Select(v => (float)v)];
    }

    public void Dispose() => booster.Dispose();
}
