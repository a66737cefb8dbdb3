using SolarSync.Bench;

// Benchmarks, one command each: dotnet run -c Release --project bench/SolarSync.Bench -- <command> [options]
return args switch
{
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(rest),
    ["retrain", .. var rest] => await RetrainBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SolarSync.Bench ingest [--rows N] | retrain [--solar N] [--wind N] [--days N]");
    return 2;
}
