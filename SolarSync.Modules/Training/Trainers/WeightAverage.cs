using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SolarSync.Modules.Training.Trainers;

/// <summary>
/// An exponential moving average of a model's weights over the optimiser's steps (Polyak–Ruppert averaging as in
/// Polyak &amp; Juditsky 1992, in its exponential form): the iterates of mini-batch Adam wander around a minimum, and
/// their average lies nearer to it than the last of them. With a time constant of one epoch, the weights an epoch ends
/// with stand for that whole epoch rather than its last mini-batches, so the validation loss that picks the best epoch
/// measures the epoch instead of where its last step happened to land. Early on the average forgets faster (decay
/// (1 + n)/(10 + n) after n steps), so the random initial weights do not linger in it.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] averages;
    private readonly Tensor[] held;
    private readonly double decay;
    private long steps;
    private bool swappedIn;

    public WeightAverage(IReadOnlyList<Parameter> parameters, int stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepsPerEpoch);
        this.parameters = [.. parameters];
        decay = 1 - 1.0 / stepsPerEpoch;
        using var _ = no_grad();
        averages = this.parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        held = this.parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Folds the weights after one optimiser step into the average.</summary>
    public void Update()
    {
        if (swappedIn) throw new InvalidOperationException("The averaged weights are in the model; swap them out before training on.");
        steps++;
        var d = Math.Min(decay, (1.0 + steps) / (10.0 + steps));
        using var _ = no_grad();
        for (var i = 0; i < parameters.Length; i++) averages[i].mul_(d).add_(parameters[i], alpha: 1 - d);
    }

    /// <summary>Puts the averaged weights into the model (to evaluate or keep them); the trained ones wait aside.</summary>
    public void SwapIn()
    {
        if (swappedIn) return;
        using var _ = no_grad();
        for (var i = 0; i < parameters.Length; i++)
        {
            held[i].copy_(parameters[i]);
            parameters[i].copy_(averages[i]);
        }

        swappedIn = true;
    }

    /// <summary>Puts the trained weights back, so that training continues from where the optimiser left them.</summary>
    public void SwapOut()
    {
        if (!swappedIn) return;
        using var _ = no_grad();
        for (var i = 0; i < parameters.Length; i++) parameters[i].copy_(held[i]);
        swappedIn = false;
    }

    public void Dispose()
    {
        foreach (var t in averages) t.Dispose();
        foreach (var t in held) t.Dispose();
    }
}
