using System.Globalization;
using System.Text;
using static SolarSync.Modules.Models.Contracts.Trees.LightGbmNative;

namespace SolarSync.Modules.Models.Contracts.Trees;

/// <summary>
/// A gradient-boosted tree regressor trained by LightGBM, for tabular features (weather, calendar, lags) → one value
/// per row. Training keeps the round with the lowest validation loss, then reloads the booster from its saved text:
/// the model that predicts is exactly the one <see cref="ToModelString"/> writes, and the training booster's gradients,
/// scores and datasets are freed at once.
/// LightGBM keeps its thread count in one process-wide variable that every call with parameters sets, and its OpenMP
/// threads spin while they wait: a prediction made while another thread trains leaves the rest of that training on
/// the prediction's thread count, and training threads that share busy cores slow down many times over unless the
/// process runs with OMP_WAIT_POLICY=passive.
/// </summary>
internal sealed class GbmRegressor : IDisposable
{
    /// <summary>
    /// Serving predicts a few dozen rows per request on the request's own thread; more threads would only compete
    /// with other requests. LightGBM prints to stdout, and every call with parameters sets the calling thread's log
    /// level from them (Info when absent), so prediction says verbosity=-1 too.
    /// </summary>
    private const string SingleThreadPredictParameters = "num_threads=1 verbosity=-1";

    private readonly BoosterHandle booster;

    /// <summary>
    /// Serialises predictions on this booster. LightGBM's batch predict takes only a shared lock, yet building its
    /// predictor writes the booster's iteration range (lightgbm-org/LightGBM#6142, open), and the thread count of a
    /// call is a process-wide setting. A serving-sized batch holds the lock for about a millisecond (48 rows of a
    /// 450-tree model).
    /// </summary>
    private readonly Lock predictLock = new();

    private GbmRegressor(BoosterHandle booster, int columns, int bestIteration, int roundsTrained, double bestValidationLoss)
    {
        this.booster = booster;
        Columns = columns;
        BestIteration = bestIteration;
        RoundsTrained = roundsTrained;
        BestValidationLoss = bestValidationLoss;
    }

    /// <summary>Features per row, in the order the model was trained on.</summary>
    public int Columns { get; }

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
            var model = SaveModel(trainer, bestIteration);
            return Load(model, roundsTrained, bestLoss);
        }
    }

    /// <summary>Loads a model written by <see cref="ToModelString"/> (or by any LightGBM of the same format).</summary>
    public static GbmRegressor FromModelString(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        return Load(model, roundsTrained: null, bestValidationLoss: double.NaN);
    }

    /// <summary>LightGBM's text form of the model (its <see cref="BestIteration"/> trees and parameters).</summary>
    public string ToModelString() => SaveModel(booster, BestIteration);

    /// <summary>Predicts one value per row of a row-major <paramref name="rows"/> × <see cref="Columns"/> matrix on the
    /// calling thread alone. NaN features are missing values. Safe to call from many threads.</summary>
    public float[] Predict(float[] features, int rows) => Predict(features, rows, SingleThreadPredictParameters);

    /// <summary>As <see cref="Predict(float[], int)"/>, on <paramref name="threads"/> threads: for large offline
    /// batches such as an evaluation over a test year.</summary>
    public float[] Predict(float[] features, int rows, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return Predict(features, rows, threads == 1
            ? SingleThreadPredictParameters
            : $"num_threads={threads.ToString(CultureInfo.InvariantCulture)} verbosity=-1");
    }

    public void Dispose() => booster.Dispose();

    private unsafe float[] Predict(float[] features, int rows, string parameters)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if ((long)rows * Columns != features.Length)
        {
            throw new ArgumentException($"{features.Length} feature values are not {rows} rows of {Columns} columns.", nameof(features));
        }
        if (rows == 0) return [];

        var output = new double[rows];
        long written;
        lock (predictLock)
        {
            fixed (float* data = features)
            fixed (double* results = output)
            {
                Check(LGBM_BoosterPredictForMat(booster, data, DtypeFloat32, rows, Columns, RowMajor, PredictNormal,
                    startIteration: 0, BestIteration, parameters, out written, results));
            }
        }
        if (written != rows) throw new InvalidOperationException($"LightGBM wrote {written} predictions for {rows} rows.");

        var predictions = new float[rows];
        for (var i = 0; i < rows; i++) predictions[i] = (float)output[i];
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

    private static GbmRegressor Load(string model, int? roundsTrained, double bestValidationLoss)
    {
        Check(LGBM_BoosterLoadModelFromString(model, out var iterations, out var loaded));
        try
        {
            Check(LGBM_BoosterGetNumFeature(loaded, out var columns));
            return new GbmRegressor(loaded, columns, iterations, roundsTrained ?? iterations, bestValidationLoss);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }
}
