using System.Diagnostics;
using SolarSync.Modules.Models.Contracts.Networks;
using static TorchSharp.torch;

namespace SolarSync.Modules.Training.Trainers;

/// <summary>How <see cref="ModelTrainer"/> runs; the model's own hyper-parameters live in <see cref="ModelConfig"/>.</summary>
internal sealed record TrainerSettings
{
    /// <summary>
    /// Intra-op threads for TorchSharp (<c>torch.set_num_threads</c>), set by the training thread at the start of each
    /// epoch; served forecasts set their own (ModelInference.UseOneThread) where the backend shares the setting.
    /// </summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>Huber's δ in capacity units: errors beyond 10 % of capacity count linearly.</summary>
    public double HuberDelta { get; init; } = 0.1;

    /// <summary>
    /// Global gradient-norm clip; recurrent nets occasionally produce a gradient spike that one Adam step turns
    /// into a ruined epoch. 0 turns clipping off.
    /// </summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>
    /// Wall-clock budget of one training run: no epoch starts after it is spent (the best epoch so far is kept). A
    /// weekly retrain of a whole fleet must end in its window even when the validation loss keeps creeping down.
    /// Null: no budget.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>
    /// Evaluate, keep and serve the moving average of the weights over about the last epoch's steps
    /// (<see cref="WeightAverage"/>) rather than the weights of the last step.
    /// </summary>
    public bool AverageWeights { get; init; } = true;
}

/// <summary>One finished epoch (1-based); losses are means over counted hours.</summary>
internal sealed record EpochReport(int Epoch, double TrainLoss, double ValidationLoss, TimeSpan Elapsed);

/// <summary>
/// The outcome of a training run. The model holds the weights of <see cref="BestEpoch"/>, whose validation loss is
/// <see cref="BestValidationLoss"/>; <see cref="BestEpoch"/> is 0 (and the loss infinite) only if no epoch ended
/// with a finite validation loss, in which case the model keeps its last weights.
/// </summary>
internal sealed record TrainingReport(
    int EpochsRun,
    int BestEpoch,
    double BestValidationLoss,
    bool StoppedEarly,
    IReadOnlyList<EpochReport> Epochs,
    TimeSpan Duration)
{
    /// <summary>True when the run stopped because its <see cref="TrainerSettings.TimeBudget"/> was spent.</summary>
    public bool OutOfTime { get; init; }
}

/// <summary>
/// Trains a forecaster with Adam on mini-batches, early-stops on the validation loss and restores the best
/// epoch's weights (by default the average of that epoch's steps, <see cref="TrainerSettings.AverageWeights"/>). The
/// caller splits chronologically; only the order of training samples is shuffled (seeded), never across the split.
/// Training returns with the model in eval mode; a cancelled run throws <see cref="OperationCanceledException"/> and
/// leaves the model with whatever weights it had reached, so it must not be saved.
/// </summary>
internal sealed class ModelTrainer(TrainerSettings? settings = null)
{
    /// <summary>The share by which the validation loss must fall for an epoch to count as progress.</summary>
    public const double MinRelativeImprovement = 0.005;

    // Validation runs without gradients, so it can take bigger batches than training.
    private const int MinimumEvaluationBatch = 256;

    private readonly TrainerSettings settings = settings ?? new TrainerSettings();

    public TrainingReport Train(
        nn.Module<Tensor, Tensor, Tensor> model,
        ModelConfig config,
        TrainingData train,
        TrainingData validation,
        IProgress<EpochReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        config.Validate();
        train.Validate(config, nameof(train));
        validation.Validate(config, nameof(validation));
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException("Both the training and the validation split need at least one sample.");
        }

        if (settings.Threads <= 0)
        {
            throw new ArgumentException($"Threads must be positive, not {settings.Threads}.", nameof(settings));
        }

        UseTrainingThreads();

        // Seeds dropout; the initial weights were seeded when the model was built (Forecasters.Create).
        manual_seed(config.Seed);
        var shuffle = new Random(config.Seed);

        using var trainSet = SampleTensors.From(train);
        using var validationSet = SampleTensors.From(validation);
        if (validationSet.CountedHours() == 0)
        {
            throw new ArgumentException(
                "The validation split has no hour with a known target inside the mask; early stopping needs one.",
                nameof(validation));
        }

        var parameters = model.parameters().ToArray();
        using var optimizer = optim.Adam(parameters, lr: config.LearningRate);
        using var average = settings.AverageWeights ? new WeightAverage(parameters, (train.Count + config.BatchSize - 1) / config.BatchSize) : null;
        var order = new long[train.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var clock = Stopwatch.StartNew();
        var epochs = new List<EpochReport>();
        Dictionary<string, Tensor>? best = null;
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var sinceBest = 0;
        var stoppedEarly = false;
        var outOfTime = false;
        try
        {
            for (var epoch = 1; epoch <= config.MaxEpochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Forecasts served meanwhile switch the process to one thread (ModelInference.UseOneThread).
                UseTrainingThreads();
                shuffle.Shuffle(order);
                var trainLoss = TrainOneEpoch(model, optimizer, parameters, average, trainSet, order, config.BatchSize, cancellationToken);
                average?.SwapIn();
                var validationLoss = Evaluate(model, validationSet, Math.Max(config.BatchSize, MinimumEvaluationBatch), cancellationToken);

                var report = new EpochReport(epoch, trainLoss, validationLoss, clock.Elapsed);
                epochs.Add(report);
                progress?.Report(report);

                // A NaN validation loss (diverged) never compares as an improvement. The best epoch is always kept, but
                // only a real gain (MinRelativeImprovement) renews the patience: a loss creeping down by 0.01 % an epoch
                // would otherwise train to MaxEpochs for nothing.
                var improved = validationLoss < bestLoss;
                var renewsPatience = validationLoss < bestLoss * (1 - MinRelativeImprovement);
                if (improved)
                {
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    DisposeAll(best);
                    best = Snapshot(model);
                }

                average?.SwapOut();

                sinceBest = renewsPatience ? 0 : sinceBest + 1;
                if (sinceBest >= config.Patience)
                {
                    stoppedEarly = epoch < config.MaxEpochs;
                    break;
                }

                if (clock.Elapsed >= settings.TimeBudget && epoch < config.MaxEpochs)
                {
                    outOfTime = true;
                    break;
                }
            }

            if (best is not null)
            {
                model.load_state_dict(best);
            }
        }
        finally
        {
            DisposeAll(best);
            model.eval();
        }

        return new TrainingReport(epochs.Count, bestEpoch, bestLoss, stoppedEarly, epochs, clock.Elapsed) { OutOfTime = outOfTime };
    }

    // Only when it changes: each call also turns MKL's dynamic threading off and clears oneDNN's primitive cache, and
    // on a 2-CPU VM a process switched to 1 thread and back to 2 was measured training ~30 % slower than one set to 2
    // once (bench/train measures each thread count in a fresh process for this).
    private void UseTrainingThreads()
    {
        if (get_num_threads() != settings.Threads)
        {
            set_num_threads(settings.Threads);
        }
    }

    /// <summary>
    /// Forecasts for every sample, row-major [Count, Horizon], in eval mode without gradients: the output is forced
    /// to 0 where the mask is false (night, for solar) and clipped to [0, 1] of capacity.
    /// </summary>
    public static float[] Predict(nn.Module<Tensor, Tensor, Tensor> model, TrainingData data, int batchSize = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        data.Validate(nameof(data));
        var result = new float[data.Count * data.Horizon];
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var samples = SampleTensors.From(data);
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(batchSize, data.Count - start);
                var (encoder, decoder, _, include) = samples.Slice(start, length);
                var output = (model.forward(encoder, decoder) * include.to_type(ScalarType.Float32)).clamp(0f, 1f);
                output.contiguous().data<float>().CopyTo(result, start * data.Horizon);
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return result;
    }

    private double TrainOneEpoch(
        nn.Module<Tensor, Tensor, Tensor> model,
        optim.Optimizer optimizer,
        IReadOnlyList<TorchSharp.Modules.Parameter> parameters,
        WeightAverage? average,
        SampleTensors samples,
        long[] order,
        int batchSize,
        CancellationToken cancellationToken)
    {
        model.train();
        double lossSum = 0;
        long counted = 0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var index = tensor(order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray());
            var (encoder, decoder, target, include) = samples.Gather(index);
            var (loss, count) = Step(model, optimizer, parameters, encoder, decoder, target, include);
            if (count > 0) average?.Update();
            lossSum += loss * count;
            counted += count;
        }

        return counted > 0 ? lossSum / counted : double.NaN;
    }

    /// <summary>
    /// One optimisation step on one mini-batch (the model must be in training mode); returns the batch's mean loss
    /// and how many hours it counted. Exposed to the training benchmark so that it times this very code.
    /// </summary>
    internal (double Loss, long Count) Step(
        nn.Module<Tensor, Tensor, Tensor> model,
        optim.Optimizer optimizer,
        IReadOnlyList<TorchSharp.Modules.Parameter> parameters,
        Tensor encoder,
        Tensor decoder,
        Tensor target,
        Tensor include)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        // The daylight mask only excludes hours from the loss here; forcing night outputs to 0 would change
        // neither the loss nor the gradient.
        var (loss, count) = MaskedLoss.Compute(model.forward(encoder, decoder), target, include, settings.Loss, settings.HuberDelta);
        if (count == 0)
        {
            // Nothing to learn from this batch (all night or unknown): an Adam step on zero gradients would
            // still move the weights through its momentum.
            return (0, 0);
        }

        loss.backward();
        if (settings.GradientClipNorm > 0)
        {
            nn.utils.clip_grad_norm_(parameters, settings.GradientClipNorm);
        }

        optimizer.step();
        return (loss.item<float>(), count);
    }

    private double Evaluate(nn.Module<Tensor, Tensor, Tensor> model, SampleTensors samples, int batchSize, CancellationToken cancellationToken)
    {
        model.eval();
        using var _ = no_grad();
        double lossSum = 0;
        long counted = 0;
        for (long start = 0; start < samples.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (encoder, decoder, target, include) = samples.Slice(start, Math.Min(batchSize, samples.Count - start));
            var (loss, count) = MaskedLoss.Compute(model.forward(encoder, decoder), target, include, settings.Loss, settings.HuberDelta);
            lossSum += loss.item<float>() * (double)count;
            counted += count;
        }

        return lossSum / counted;
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module model)
    {
        using var _ = no_grad();
        var copy = new Dictionary<string, Tensor>();
        foreach (var (name, value) in model.state_dict())
        {
            using var detached = value.detach();
            copy[name] = detached.clone().DetachFromDisposeScope();
        }

        return copy;
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null)
        {
            return;
        }

        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }

        tensors.Clear();
    }
}
