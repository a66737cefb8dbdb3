using SolarSync.Bench;

// Benchmarks, one command each: dotnet run -c Release --project bench/SolarSync.Bench -- <command> [options]
return args switch
{
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SolarSync.Bench ingest [--rows N] [--database NAME]");
    return 2;
}
