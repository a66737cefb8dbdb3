using System.Diagnostics;
using System.Text.Json;

namespace SolarSync.TrainBench;

/// <summary>Runs the rounds, collects the children's JSON and prints the report.</summary>
internal static class Driver
{
    private const string TorchSharp = "TorchSharp";
    private const string PyTorch = "PyTorch";
    private const double Goal = 1.10;

    public static int Run(Arguments arguments)
    {
        Console.WriteLine(
            $"Training step: batch {Shapes.Batch}, lookback {Shapes.Lookback} h x {Shapes.EncoderWidth} features, " +
            $"horizon {Shapes.Horizon} h x {Shapes.DecoderWidth} covariates; masked MSE, backward, clip 1.0, Adam.");
        Console.WriteLine(
            $"{arguments.Rounds} interleaved rounds; each: a fresh process per side and thread count, {arguments.Warmup} " +
            $"warm-up then the median of {arguments.Steps} steps. Reported: the best round's median. " +
            $"{Environment.ProcessorCount} CPUs.");

        // (side, model, threads) -> one result per round.
        var runs = new Dictionary<(string Side, string Model, int Threads), List<JsonElement>>();
        string? torchVersion = null;
        for (var round = 1; round <= arguments.Rounds; round++)
        {
            foreach (var threads in arguments.Threads)
            {
                Collect(runs, TorchSharp, RunSelf(["measure", .. arguments.ForChild(threads)]));
            }

            if (arguments.Twin is not null)
            {
                foreach (var threads in arguments.PyTorchThreads)
                {
                    var twin = RunPython(arguments, threads);
                    torchVersion = twin.GetProperty("torch_version").GetString();
                    Collect(runs, PyTorch, twin);
                }
            }

            Console.Error.WriteLine($"round {round}/{arguments.Rounds} done");
        }

        Console.WriteLine();
        Console.WriteLine($"{"model",-27} {"side",-10} {"threads",7} {"step ms",8} {"p25-p75",13}  {"round medians",-24} {"fwd b=1 ms",10}");
        foreach (var (key, name, _) in Shapes.Models)
        {
            foreach (var ((side, model, threads), results) in runs.Where(r => r.Key.Model == key).OrderBy(r => r.Key.Side != TorchSharp).ThenBy(r => r.Key.Threads))
            {
                var best = Best(results);
                var all = string.Join(" ", results.Select(r => $"{r.GetProperty("step_ms").GetDouble():F1}"));
                var forward = results.Min(r => r.GetProperty("forward_ms").GetDouble());
                Console.WriteLine(
                    $"{name,-27} {side,-10} {threads,7} {best.GetProperty("step_ms").GetDouble(),8:F1} " +
                    $"{$"{best.GetProperty("step_p25_ms").GetDouble():F1}-{best.GetProperty("step_p75_ms").GetDouble():F1}",13}  " +
                    $"{all,-24} {forward,10:F2}");
            }
        }

        if (torchVersion is not null)
        {
            Console.WriteLine();
            Console.WriteLine(
                $"PyTorch {torchVersion} is Debian's python3-torch with OPENBLAS_NUM_THREADS=" +
                $"{Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") ?? "(unset)"}; threads = torch.set_num_threads.");
            Console.WriteLine($"Ratio of step times, TorchSharp / PyTorch, each at its fastest thread count (goal <= {Goal:F2}):");
            foreach (var (key, name, _) in Shapes.Models)
            {
                var sharp = Fastest(runs, TorchSharp, key);
                var torch = Fastest(runs, PyTorch, key);
                var ratio = sharp.Ms / torch.Ms;
                Console.WriteLine(
                    $"  {name,-27} {sharp.Ms,6:F1} ms ({sharp.Threads} threads) / {torch.Ms,6:F1} ms ({torch.Threads} thread" +
                    $"{(torch.Threads == 1 ? "" : "s")}) = {ratio:F2}  {(ratio <= Goal ? "ok" : "ABOVE GOAL")}");
            }
        }

        if (arguments.EpochSamples > 0)
        {
            var threads = arguments.Threads.MinBy(t => Shapes.Models.Sum(m => Best(runs[(TorchSharp, m.Key, t)]).GetProperty("step_ms").GetDouble()));
            var epoch = RunSelf(["epoch", .. arguments.ForChild(threads)]);
            Console.WriteLine();
            Console.WriteLine(
                $"One epoch in TorchSharp through ModelTrainer.Train, {threads} threads: {arguments.EpochSamples:N0} training " +
                $"samples (~2 years hourly) in shuffled batches of {Shapes.Batch}, then validation over {arguments.EpochSamples / 5:N0}:");
            foreach (var (key, name, _) in Shapes.Models)
            {
                var result = epoch.GetProperty(key);
                Console.WriteLine(
                    $"  {name,-27} {result.GetProperty("epoch_s").GetDouble(),6:F1} s per epoch " +
                    $"(validation pass {result.GetProperty("validation_s").GetDouble():F1} s of it)");
            }
        }

        return 0;
    }

    private static JsonElement Best(List<JsonElement> results) =>
        results.MinBy(r => r.GetProperty("step_ms").GetDouble());

    private static (double Ms, int Threads) Fastest(
        Dictionary<(string Side, string Model, int Threads), List<JsonElement>> runs, string side, string model) =>
        runs.Where(r => r.Key.Side == side && r.Key.Model == model)
            .Select(r => (Best(r.Value).GetProperty("step_ms").GetDouble(), r.Key.Threads))
            .MinBy(r => r.Item1);

    private static void Collect(
        Dictionary<(string Side, string Model, int Threads), List<JsonElement>> runs, string side, JsonElement result)
    {
        foreach (var (key, _, _) in Shapes.Models)
        {
            foreach (var run in result.GetProperty(key).EnumerateArray())
            {
                var slot = (side, key, run.GetProperty("threads").GetInt32());
                if (!runs.TryGetValue(slot, out var list))
                {
                    runs[slot] = list = [];
                }

                list.Add(run.Clone());
            }
        }
    }

    private static JsonElement RunSelf(string[] args)
    {
        // Under `dotnet X.dll` the process is dotnet and the assembly must be named; under the apphost it is not.
        var host = Environment.ProcessPath ?? "dotnet";
        var self = typeof(Driver).Assembly.Location;
        string[] prefix = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [self] : [];
        return RunJson(host, [.. prefix, .. args]);
    }

    private static JsonElement RunPython(Arguments arguments, int threads) =>
        RunJson(arguments.Python,
        [
            arguments.Twin!, "--threads", threads.ToString(), "--steps", arguments.Steps.ToString(),
            "--warmup", arguments.Warmup.ToString(), "--forward-runs", arguments.ForwardRuns.ToString(),
        ]);

    private static JsonElement RunJson(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}.");
        }

        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }
}
