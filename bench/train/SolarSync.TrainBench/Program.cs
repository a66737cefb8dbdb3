using System.Globalization;
using SolarSync.TrainBench;

// Training speed of the production forecasters in TorchSharp against the same architectures in PyTorch.
//   SolarSync.TrainBench [--rounds N] [--steps N] [--warmup N] [--forward-runs N] [--threads 1,2]
//                        [--pytorch-threads 1] [--epoch-samples N|0] [--twin pytorch_twin.py] [--python /usr/bin/python3]
// The driver runs every measurement in a fresh child process (one thread count each: libtorch does not return
// to full speed after its thread count is lowered and raised again), interleaves TorchSharp and PyTorch rounds so
// that the VM's noise falls on both, and reports the best round's median per side.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

try
{
    return args switch
    {
        ["measure", .. var rest] => Children.Measure(Arguments.Parse(rest)),
        ["epoch", .. var rest] => Children.Epoch(Arguments.Parse(rest)),
        _ => Driver.Run(Arguments.Parse(args)),
    };
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(
        "usage: SolarSync.TrainBench [--rounds N] [--steps N>=20] [--warmup N] [--forward-runs N] [--threads 1,2] " +
        "[--pytorch-threads 1] [--epoch-samples N|0] [--twin bench/train/pytorch_twin.py] [--python /usr/bin/python3]");
    return 2;
}
