using TorchSharp;

namespace SolarSync.Modules.Models.Contracts.Networks;

/// <summary>
/// Scalars that live as long as the process, for the tensor operations of forward passes. TorchSharp's operators make
/// a Scalar per call (<c>x + y</c> adds with alpha 1, <c>x.clamp(0f, 1f)</c> converts both bounds) and pass its native
/// handle on as a raw pointer: once the call has read the handle, the garbage collector may finalize that Scalar, and
/// free it, while libtorch still reads it. Under serving load this failed 3 of ~60,000 forecasts ("Expected false to be
/// true ... toFloat", bench/serve.sh); ForwardUnderGcTests reproduces it. Training's loss and TorchSharp's optimizers
/// still make such Scalars: a retrain that hits it fails and is retried.
/// </summary>
internal static class KeptScalars
{
    public static readonly Scalar Zero = 0f.ToScalar();
    public static readonly Scalar One = 1f.ToScalar();
}
