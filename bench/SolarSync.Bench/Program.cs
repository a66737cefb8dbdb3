using SolarSync.Bench;

// Benchmarks, one command each: dotnet run -c Release --project bench/SolarSync.Bench -- <command> [options]
return args switch
{
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(rest),
    ["mqtt", .. var rest] => await MqttBenchmark.RunAsync(rest),
    ["retrain", .. var rest] => await RetrainBenchmark.RunAsync(rest),
    ["serve", .. var rest] => await ServeBenchmark.RunAsync(rest),
    ["soak", .. var rest] => await SoakBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SolarSync.Bench ingest [--rows N] [--database NAME]");
    Console.Error.WriteLine("       SolarSync.Bench mqtt [--messages N] [--devices N] [--publishers N] [--rate 5000] [--paced-seconds 15] [--database NAME]");
    Console.Error.WriteLine("       SolarSync.Bench retrain [--solar N] [--wind N] [--days N] [--database NAME]");
    Console.Error.WriteLine("       SolarSync.Bench serve [--port 5190] [--seconds 30] [--connections 64] [--runs 300] [--gbm-rounds 300] [--database NAME]");
    Console.Error.WriteLine("       SolarSync.Bench soak [--minutes 10] [--port N] [--database NAME]");
    return 2;
}
