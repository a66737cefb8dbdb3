using static TorchSharp.torch;

namespace SolarSync.Modules.Training.Trainers;

internal enum LossKind
{
    Mse,
    Huber,
}

/// <summary>
/// Mean loss over the hours that count: the target is known (not NaN) and the hour is included (daylight for
/// solar). Unknown targets are zeroed before the difference is taken, because NaN × 0 is still NaN; an excluded
/// hour then contributes a zero difference, whose loss and gradient are both 0.
/// </summary>
internal static class MaskedLoss
{
    /// <summary>
    /// Returns the mean over counted hours (0 when none count, never NaN) and how many hours counted.
    /// <paramref name="prediction"/> and <paramref name="target"/> are [N, H]; <paramref name="include"/> is a bool
    /// tensor of the same shape.
    /// </summary>
    public static (Tensor Mean, long Count) Compute(
        Tensor prediction, Tensor target, Tensor include, LossKind kind, double huberDelta = 0.1)
    {
        using var scope = NewDisposeScope();
        var counted = include.logical_and(target.isnan().logical_not());
        var count = counted.sum().item<long>();
        var difference = (prediction - target.nan_to_num(0)) * counted.to_type(prediction.dtype);
        var perHour = kind switch
        {
            LossKind.Mse => difference.square(),
            LossKind.Huber => Huber(difference, huberDelta),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        // Dividing by at least 1 keeps a batch with nothing to learn at loss 0 instead of 0/0.
        var mean = perHour.sum() / Math.Max(count, 1);
        return (mean.MoveToOuterDisposeScope(), count);
    }

    // Huber (1964): ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond; written as ½q² + δ(|d| − q) with q = min(|d|, δ).
    private static Tensor Huber(Tensor difference, double delta)
    {
        var absolute = difference.abs();
        var quadratic = absolute.clamp(max: delta);
        return 0.5 * quadratic.square() + delta * (absolute - quadratic);
    }
}
