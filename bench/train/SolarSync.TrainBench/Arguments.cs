using System.Globalization;

namespace SolarSync.TrainBench;

internal sealed record Arguments(
    int Rounds,
    int Steps,
    int Warmup,
    int ForwardRuns,
    int[] Threads,
    int[] PyTorchThreads,
    int EpochSamples,
    string? Twin,
    string Python)
{
    // The brief's floor: medians over at least 20 steps after warm-up.
    public const int MinimumSteps = 20;

    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new Arguments(
            Rounds: 5, Steps: 30, Warmup: 5, ForwardRuns: 200, Threads: [1, 2], PyTorchThreads: [1],
            EpochSamples: 17_000, Twin: null, Python: "/usr/bin/python3");
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }

            var value = args[i + 1];
            parsed = args[i] switch
            {
                "--rounds" => parsed with { Rounds = Positive(value, args[i]) },
                "--steps" => parsed with { Steps = Math.Max(MinimumSteps, Positive(value, args[i])) },
                "--warmup" => parsed with { Warmup = NonNegative(value, args[i]) },
                "--forward-runs" => parsed with { ForwardRuns = Positive(value, args[i]) },
                "--threads" => parsed with { Threads = List(value, args[i]) },
                "--pytorch-threads" => parsed with { PyTorchThreads = List(value, args[i]) },
                "--epoch-samples" => parsed with { EpochSamples = NonNegative(value, args[i]) },
                "--twin" => parsed with { Twin = value },
                "--python" => parsed with { Python = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return parsed;
    }

    /// <summary>The options a child measurement needs, for one thread count.</summary>
    public string[] ForChild(int threads) =>
    [
        "--threads", threads.ToString(CultureInfo.InvariantCulture),
        "--steps", Steps.ToString(CultureInfo.InvariantCulture),
        "--warmup", Warmup.ToString(CultureInfo.InvariantCulture),
        "--forward-runs", ForwardRuns.ToString(CultureInfo.InvariantCulture),
        "--epoch-samples", EpochSamples.ToString(CultureInfo.InvariantCulture),
    ];

    private static int Positive(string value, string option) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} must be a positive integer, not '{value}'.");

    private static int NonNegative(string value, string option) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new ArgumentException($"{option} must be a non-negative integer, not '{value}'.");

    private static int[] List(string value, string option) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => Positive(v, option)).ToArray() is { Length: > 0 } list
            ? list
            : throw new ArgumentException($"{option} needs at least one thread count.");
}
