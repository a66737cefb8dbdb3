using System.Diagnostics;
using System.Text.Json;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;
using static TorchSharp.torch;

namespace SolarSync.TrainBench;

/// <summary>The benchmark's shapes and the two production architectures at their production sizes (docs/architecture.md §5).</summary>
internal static class Shapes
{
    public const int Batch = 64;
    public const int Lookback = 48;
    public const int EncoderWidth = 32;
    public const int Horizon = 24;
    public const int DecoderWidth = 16;

    public static readonly (string Key, string Name, ModelConfig Config)[] Models =
    [
        ("solar", "solar LSTM 3x128", Apply(ModelConfig.SolarDefaults(EncoderWidth, DecoderWidth))),
        ("wind", "wind GRU 2x64 + attention", Apply(ModelConfig.WindDefaults(EncoderWidth, DecoderWidth))),
    ];

    private static ModelConfig Apply(ModelConfig defaults) =>
        defaults with { Lookback = Lookback, Horizon = Horizon, BatchSize = Batch, MaxEpochs = 1 };
}

/// <summary>Child processes: one thread count each, results as one JSON object on stdout.</summary>
internal static class Children
{
    /// <summary>
    /// Step and batch-1 forward medians for both models, in the layout pytorch_twin.py prints:
    /// <c>{"solar": [{"threads", "step_ms", "step_p25_ms", "step_p75_ms", "forward_ms"}], "wind": [...]}</c>.
    /// </summary>
    public static int Measure(Arguments arguments)
    {
        var threads = arguments.Threads[0];
        // As ModelTrainer does: set only when it differs (see the comment there).
        if (get_num_threads() != threads)
        {
            set_num_threads(threads);
        }

        var result = new Dictionary<string, object>();
        foreach (var (key, _, config) in Shapes.Models)
        {
            var step = TrainingStep(config, threads, arguments.Warmup, arguments.Steps);
            var forward = Forward(config, arguments.Warmup * 4, arguments.ForwardRuns);
            result[key] = new[]
            {
                new Dictionary<string, object>
                {
                    ["threads"] = threads, ["step_ms"] = step.Median, ["step_p25_ms"] = step.P25,
                    ["step_p75_ms"] = step.P75, ["forward_ms"] = forward.Median,
                },
            };
        }

        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>
    /// One real epoch per model through <see cref="ModelTrainer.Train"/> (seeded shuffle, gathers, steps, then
    /// validation over a fifth as many samples): <c>{"solar": {"epoch_s", "validation_s"}, "wind": {...}}</c>.
    /// </summary>
    public static int Epoch(Arguments arguments)
    {
        var threads = arguments.Threads[0];
        var random = new Random(1);
        var train = RandomData(arguments.EpochSamples, random);
        var validation = RandomData(arguments.EpochSamples / 5, random);
        var result = new Dictionary<string, object>();
        foreach (var (key, _, config) in Shapes.Models)
        {
            using var model = Forecasters.Create(config);
            var report = new ModelTrainer(new TrainerSettings { Threads = threads }).Train(model, config, train, validation);
            var clock = Stopwatch.StartNew();
            ModelTrainer.Predict(model, validation, config.BatchSize);
            result[key] = new Dictionary<string, double>
            {
                ["epoch_s"] = report.Epochs[0].Elapsed.TotalSeconds,
                ["validation_s"] = clock.Elapsed.TotalSeconds,
            };
        }

        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Times <see cref="ModelTrainer.Step"/>, the trainer's own step, on one fixed random batch.</summary>
    private static Summary TrainingStep(ModelConfig config, int threads, int warmup, int steps)
    {
        using var model = Forecasters.Create(config);
        var parameters = model.parameters().ToArray();
        using var optimizer = optim.Adam(parameters, lr: config.LearningRate);
        var trainer = new ModelTrainer(new TrainerSettings { Threads = threads });
        using var encoder = randn(Shapes.Batch, Shapes.Lookback, Shapes.EncoderWidth);
        using var decoder = randn(Shapes.Batch, Shapes.Horizon, Shapes.DecoderWidth);
        using var target = rand(Shapes.Batch, Shapes.Horizon);
        using var include = ones(Shapes.Batch, Shapes.Horizon, dtype: ScalarType.Bool);
        model.train();

        var times = new List<double>(steps);
        var clock = new Stopwatch();
        for (var i = 0; i < warmup + steps; i++)
        {
            clock.Restart();
            trainer.Step(model, optimizer, parameters, encoder, decoder, target, include);
            clock.Stop();
            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return Summary.Of(times);
    }

    /// <summary>One sample through the model in eval mode without gradients: the serving path's cost.</summary>
    private static Summary Forward(ModelConfig config, int warmup, int runs)
    {
        using var model = Forecasters.Create(config);
        model.eval();
        using var _ = no_grad();
        using var encoder = randn(1, Shapes.Lookback, Shapes.EncoderWidth);
        using var decoder = randn(1, Shapes.Horizon, Shapes.DecoderWidth);
        var times = new List<double>(runs);
        var clock = new Stopwatch();
        for (var i = 0; i < warmup + runs; i++)
        {
            using var scope = NewDisposeScope();
            clock.Restart();
            model.forward(encoder, decoder);
            clock.Stop();
            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return Summary.Of(times);
    }

    private static TrainingData RandomData(int count, Random random)
    {
        var encoder = new float[count * Shapes.Lookback * Shapes.EncoderWidth];
        var decoder = new float[count * Shapes.Horizon * Shapes.DecoderWidth];
        var target = new float[count * Shapes.Horizon];
        Fill(encoder, random, -1, 1);
        Fill(decoder, random, -1, 1);
        Fill(target, random, 0, 1);
        return new TrainingData(count, Shapes.Lookback, Shapes.Horizon, Shapes.EncoderWidth, Shapes.DecoderWidth,
            encoder, decoder, target, TrainingData.AllHours(count, Shapes.Horizon));
    }

    private static void Fill(float[] values, Random random, float min, float max)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = min + (max - min) * random.NextSingle();
        }
    }
}

internal sealed record Summary(double Median, double P25, double P75)
{
    public static Summary Of(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return new Summary(Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75));
    }

    // Linear interpolation between order statistics (numpy's default; Python's statistics "inclusive").
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
