using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SolarSync.Modules.Models.Contracts.Trees;

/// <summary>
/// The few functions of LightGBM's C API (include/LightGBM/c_api.h, 4.x) that training needs, and the predict that
/// <see cref="LightGbmReference"/> holds the served trees to, bound to lib_lightgbm from the LightGBM NuGet package.
/// Every function returns 0 on success and -1 on failure, leaving its reason in a thread-local buffer that
/// <see cref="Check"/> reads on the same thread straight after the call.
/// </summary>
internal static unsafe partial class LightGbmNative
{
    private const string Library = "lib_lightgbm";

    /// <summary>C_API_DTYPE_FLOAT32: data, labels and weights are passed as float.</summary>
    public const int DtypeFloat32 = 0;

    /// <summary>C_API_PREDICT_NORMAL: the prediction with the objective's output transform (identity for regression).</summary>
    public const int PredictNormal = 0;

    /// <summary>C_API_FEATURE_IMPORTANCE_SPLIT, the importance written into a saved model (split counts).</summary>
    public const int FeatureImportanceSplit = 0;

    public const int RowMajor = 1;

    /// <summary>Throws <see cref="LightGbmException"/> with LightGBM's own message when a call failed.</summary>
    public static void Check(int rc)
    {
        if (rc != 0) throw new LightGbmException(Marshal.PtrToStringUTF8(LGBM_GetLastError()) ?? "unknown error");
    }

    [LibraryImport(Library)]
    private static partial IntPtr LGBM_GetLastError();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetCreateFromMat(float* data, int dataType, int rows, int columns, int isRowMajor,
        string parameters, IntPtr reference, out DatasetHandle dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetSetField(DatasetHandle dataset, string fieldName, float* fieldData, int count, int dataType);

    [LibraryImport(Library)]
    public static partial int LGBM_DatasetFree(IntPtr dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterCreate(DatasetHandle train, string parameters, out BoosterHandle booster);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterAddValidData(BoosterHandle booster, DatasetHandle validation);

    /// <param name="producedEmptyTree">1 when no leaf could be split: the round was not kept and further rounds add nothing.</param>
    [LibraryImport(Library)]
    public static partial int LGBM_BoosterUpdateOneIter(BoosterHandle booster, out int producedEmptyTree);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetCurrentIteration(BoosterHandle booster, out int iteration);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetEvalCounts(BoosterHandle booster, out int count);

    /// <param name="dataIndex">0 for the training data, 1 for the first validation set added.</param>
    /// <param name="results">Room for <see cref="LGBM_BoosterGetEvalCounts"/> values, one per metric.</param>
    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetEval(BoosterHandle booster, int dataIndex, out int count, double* results);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetNumFeature(BoosterHandle booster, out int columns);

    /// <param name="iterations">How many iterations from <paramref name="startIteration"/> to save; 0 or less saves all.</param>
    /// <param name="length">The length the model needs, its terminating NUL included; copied only if it fits in <paramref name="bufferLength"/>.</param>
    [LibraryImport(Library)]
    public static partial int LGBM_BoosterSaveModelToString(BoosterHandle booster, int startIteration, int iterations,
        int featureImportanceType, long bufferLength, out long length, byte* buffer);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterLoadModelFromString(string model, out int iterations, out BoosterHandle booster);

    /// <param name="iterations">How many iterations from <paramref name="startIteration"/> to use; 0 or less uses all.</param>
    /// <param name="parameters">Prediction parameters such as num_threads ("key=value key=value").</param>
    /// <param name="length">How many values were written to <paramref name="results"/>.</param>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterPredictForMat(BoosterHandle booster, float* data, int dataType, int rows, int columns,
        int isRowMajor, int predictType, int startIteration, int iterations, string parameters, out long length, double* results);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterFree(IntPtr booster);
}

/// <summary>A LightGBM Dataset: the binned copy of a feature matrix with its labels, freed with the handle.</summary>
internal sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatasetHandle() : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LightGbmNative.LGBM_DatasetFree(handle) == 0;
}

/// <summary>A LightGBM Booster (the trees, and while training also its gradients and scores), freed with the handle.</summary>
internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BoosterHandle() : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LightGbmNative.LGBM_BoosterFree(handle) == 0;
}

/// <summary>A LightGBM call failed; the message is LightGBM's own (for example a parameter check that did not hold).</summary>
internal sealed class LightGbmException(string message) : Exception("LightGBM: " + message);
