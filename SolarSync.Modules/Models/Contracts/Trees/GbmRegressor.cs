using System.Text;
using static SolarSync.Modules.Models.Contracts.Trees.LightGbmNative;

namespace SolarSync.Modules.Models.Contracts.Trees;

/// <summary>
/// A gradient-boosted tree regressor trained by LightGBM, for tabular features (weather, calendar, lags) → one value
/// per row. Training keeps the round with the lowest validation loss and saves the booster to text at that round; the
/// model that predicts is read from that text (<see cref="TreeEnsemble"/>), so it is exactly what
/// <see cref="ToModelString"/> writes, and no LightGBM booster outlives training.
/// LightGBM keeps its thread count in one process-wide variable that every call with parameters sets, and its OpenMP
/// threads spin while they wait: training threads that share busy cores slow down many times over unless the process
/// runs with OMP_WAIT_POLICY=passive.
/// </summary>
internal sealed class GbmRegressor
{
    private readonly string model;
    private readonly TreeEnsemble trees;

    private GbmRegressor(string model, int? roundsTrained, double bestValidationLoss)
    {
        this.model = model;
        trees = TreeEnsemble.Parse(model);
        BestIteration = trees.Trees;
        RoundsTrained = roundsTrained ?? trees.Trees;
        BestValidationLoss = bestValidationLoss;
    }

    /// <summary>Features per row, in the order the model was trained on.</summary>
    public int Columns => trees.Columns;

    /// <summary>The number of trees kept: the round with the lowest validation loss (all rounds without validation).</summary>
    public int BestIteration { get; }

    /// <summary>Rounds boosted before training stopped; equals <see cref="BestIteration"/> for a loaded model.</summary>
    public int RoundsTrained { get; }

    /// <summary>The validation metric at <see cref="BestIteration"/> (l2 is the mean squared error); NaN when trained
    /// without validation rows or loaded from a string.</summary>
    public double BestValidationLoss { get; }

    /// <summary>
    /// Boosts up to <see cref="GbmSettings.MaxRounds"/> trees. With <paramref name="validation"/>, the validation
    /// loss is read after every round and training stops after <see cref="GbmSettings.EarlyStoppingRounds"/> rounds
    /// without a new lowest loss. Rows with a NaN label are left out of both sets (a validation set left empty counts as
    /// none). Cancellation is checked between rounds.
    /// </summary>
    public static GbmRegressor Train(GbmTrainingSet train, GbmTrainingSet? validation, GbmSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxRounds, 1);
        var trainRows = train.WithLabelledRowsOnly();
        var validationRows = validation?.WithLabelledRowsOnly();
        if (trainRows.Rows == 0) throw new ArgumentException("No training row has a label.", nameof(train));
        if (validationRows is not null && validationRows.Columns != trainRows.Columns)
        {
            throw new ArgumentException($"Validation rows have {validationRows.Columns} columns, training rows {trainRows.Columns}.", nameof(validation));
        }
        if (validationRows is { Rows: 0 }) validationRows = null;

        var parameters = settings.ToParameterString();
        using var trainSet = CreateDataset(trainRows, parameters, reference: null);
        // Binned with the training set's bin boundaries, as LightGBM requires of validation data.
        using var validationSet = validationRows is null ? null : CreateDataset(validationRows, parameters, trainSet);
        Check(LGBM_BoosterCreate(trainSet, parameters, out var trainer));
        using (trainer)
        {
            if (validationSet is not null) Check(LGBM_BoosterAddValidData(trainer, validationSet));
            var (bestIteration, roundsTrained, bestLoss) = Boost(trainer, validationSet is not null, settings, ct);
            return new GbmRegressor(SaveModel(trainer, bestIteration), roundsTrained, bestLoss);
        }
    }

    /// <summary>Loads a model written by <see cref="ToModelString"/> (or by any LightGBM of the same format without
    /// categorical splits or linear trees).</summary>
    public static GbmRegressor FromModelString(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        return new GbmRegressor(model, roundsTrained: null, bestValidationLoss: double.NaN);
    }

    /// <summary>LightGBM's text form of the model (its <see cref="BestIteration"/> trees and parameters).</summary>
    public string ToModelString() => model;

    /// <summary>Predicts one value per row of a row-major <paramref name="rows"/> × <see cref="Columns"/> matrix on the
    /// calling thread. NaN features are missing values. Safe to call from many threads.</summary>
    public float[] Predict(float[] features, int rows) => Predict(features, rows, threads: 1);

    /// <summary>As <see cref="Predict(float[], int)"/>, on up to <paramref name="threads"/> threads: for large offline
    /// batches such as an evaluation over a test year.</summary>
    public float[] Predict(float[] features, int rows, int threads)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if ((long)rows * Columns != features.Length)
        {
            throw new ArgumentException($"{features.Length} feature values are not {rows} rows of {Columns} columns.", nameof(features));
        }

        // In chunks: the walk converts its rows to doubles first, and a chunk's stay in the cache while every tree passes.
        const int rowsPerChunk = 256;
        var predictions = new float[rows];
        var chunks = (rows + rowsPerChunk - 1) / rowsPerChunk;
        void PredictChunk(int chunk)
        {
            var (first, count) = (chunk * rowsPerChunk, Math.Min(rowsPerChunk, rows - chunk * rowsPerChunk));
            trees.Predict(features.AsSpan(first * Columns, count * Columns), predictions.AsSpan(first, count));
        }

        if (threads == 1)
        {
            for (var chunk = 0; chunk < chunks; chunk++) PredictChunk(chunk);
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, PredictChunk);
        }

        return predictions;
    }

    private static (int BestIteration, int RoundsTrained, double BestLoss) Boost(BoosterHandle trainer, bool validated,
        GbmSettings settings, CancellationToken ct)
    {
        var losses = new double[validated ? MetricCount(trainer) : 0];
        var bestIteration = 0;
        var bestLoss = double.PositiveInfinity;
        for (var round = 1; round <= settings.MaxRounds; round++)
        {
            ct.ThrowIfCancellationRequested();
            Check(LGBM_BoosterUpdateOneIter(trainer, out var producedEmptyTree));
            if (producedEmptyTree != 0) break;
            if (!validated)
            {
                bestIteration = round;
                continue;
            }

            var loss = ValidationLoss(trainer, losses);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestIteration = round;
            }
            else if (settings.EarlyStoppingRounds > 0 && round - bestIteration >= settings.EarlyStoppingRounds)
            {
                break;
            }
        }

        Check(LGBM_BoosterGetCurrentIteration(trainer, out var roundsTrained));
        if (bestIteration == 0)
        {
            // Not one split was possible: the model is the single constant tree LightGBM keeps from the first round.
            bestIteration = roundsTrained;
            bestLoss = validated && roundsTrained > 0 ? ValidationLoss(trainer, losses) : double.NaN;
        }
        return (bestIteration, roundsTrained, validated ? bestLoss : double.NaN);
    }

    private static int MetricCount(BoosterHandle trainer)
    {
        Check(LGBM_BoosterGetEvalCounts(trainer, out var count));
        if (count < 1) throw new InvalidOperationException("The LightGBM booster has no validation metric.");
        return count;
    }

    /// <summary>The first metric on the first validation set at the booster's current round.</summary>
    private static unsafe double ValidationLoss(BoosterHandle trainer, double[] losses)
    {
        int count;
        fixed (double* results = losses) Check(LGBM_BoosterGetEval(trainer, dataIndex: 1, out count, results));
        if (count != losses.Length) throw new InvalidOperationException($"LightGBM wrote {count} metrics where it announced {losses.Length}.");
        return losses[0];
    }

    private static unsafe DatasetHandle CreateDataset(GbmTrainingSet set, string parameters, DatasetHandle? reference)
    {
        var referenced = false;
        try
        {
            reference?.DangerousAddRef(ref referenced);
            DatasetHandle dataset;
            fixed (float* features = set.Features)
            {
                Check(LGBM_DatasetCreateFromMat(features, DtypeFloat32, set.Rows, set.Columns, RowMajor, parameters,
                    reference?.DangerousGetHandle() ?? IntPtr.Zero, out dataset));
            }
            try
            {
                SetField(dataset, "label", set.Labels);
                if (set.Weights is not null) SetField(dataset, "weight", set.Weights);
                return dataset;
            }
            catch
            {
                dataset.Dispose();
                throw;
            }
        }
        finally
        {
            if (referenced) reference!.DangerousRelease();
        }
    }

    private static unsafe void SetField(DatasetHandle dataset, string field, float[] values)
    {
        fixed (float* data = values) Check(LGBM_DatasetSetField(dataset, field, data, values.Length, DtypeFloat32));
    }

    /// <summary>The first <paramref name="iterations"/> rounds as text: asks for the length, then copies into a
    /// buffer of that size.</summary>
    private static unsafe string SaveModel(BoosterHandle source, int iterations)
    {
        Check(LGBM_BoosterSaveModelToString(source, startIteration: 0, iterations, FeatureImportanceSplit, 0, out var length, null));
        var buffer = new byte[length];
        fixed (byte* text = buffer)
        {
            Check(LGBM_BoosterSaveModelToString(source, startIteration: 0, iterations, FeatureImportanceSplit, buffer.Length, out length, text));
        }
        if (length != buffer.Length) throw new InvalidOperationException($"The LightGBM model grew from {buffer.Length} to {length} bytes while being saved.");
        return Encoding.UTF8.GetString(buffer, 0, buffer.Length - 1);
    }
}
