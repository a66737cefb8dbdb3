using System.Globalization;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Training.Families;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>
/// <c>evaluate --data &lt;file.csv&gt; --site &lt;file.site.json&gt; [--country CC] [--out DIR] [--seed N] [--json]</c>: the
/// evaluation of one evaluation-format file, no database needed. --country (ISO 3166-1 alpha-2) gives a load site's
/// public holidays when its site file names no country. Prints the table (or, with --json, the report as JSON on stdout) and
/// writes report.json, a PNG of a test fortnight and each track's test hours (test-weather.csv, test-history.csv) to DIR.
/// </summary>
internal static class EvaluateCommand
{
    public const string Usage = "usage: SolarSync.Host evaluate --data <file.csv> --site <file.site.json> [--country CC] [--out DIR] [--seed N] [--json]";

    public static async Task<int> RunAsync(string[] args, IFeatureBuilder features, IReadOnlyList<IFamilyTrainer> trainers, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var data = Option("--data");
        var sitePath = Option("--site");
        if (data is null || sitePath is null || !File.Exists(data) || !File.Exists(sitePath))
        {
            await stderr.WriteLineAsync((data is null || sitePath is null ? "--data and --site are required." : "No such file.") + Environment.NewLine + Usage);
            return 2;
        }
        var json = args.Contains("--json");
        var seed = int.Parse(Option("--seed") ?? "42", CultureInfo.InvariantCulture);
        var site = EvaluationSiteFile.Read(sitePath);
        if (Option("--country") is { } country) site = site with { Country = country.ToUpperInvariant() };
        var output = Directory.CreateDirectory(Option("--out") ?? Path.Combine(Environment.CurrentDirectory, $"evaluation-{site.Name}")).FullName;

        await using var csv = File.OpenRead(data);
        var pipeline = new EvaluationPipeline(features, trainers, json ? stderr : stdout);
        var (report, testHours) = await pipeline.RunAsync(site, csv, seed, ct);

        var reportJson = report.ToJson();
        await File.WriteAllTextAsync(Path.Combine(output, "report.json"), reportJson, ct);
        var plot = Path.Combine(output, "test-fortnight.png");
        WriteFortnight(plot, site.Name, testHours["weather"]);
        var hours = new List<string>();
        foreach (var (track, predictions) in testHours)
        {
            hours.Add(Path.Combine(output, $"test-{track}.csv"));
            await TestHoursCsv.WriteAsync(hours[^1], predictions, ct);
        }

        if (json) await stdout.WriteLineAsync(reportJson);
        else
        {
            await stdout.WriteLineAsync(report.ToTable());
            await stdout.WriteLineAsync($"report: {Path.Combine(output, "report.json")}{Environment.NewLine}plot:   {plot}{Environment.NewLine}hours:  {string.Join(", ", hours)}");
        }
        return 0;
    }

    /// <summary>The first 14 days of the weather track's test hours: actual, p50 and the p10–p90 band.</summary>
    private static void WriteFortnight(string path, string site, TrackPredictions p)
    {
        var n = Math.Min(p.Hours.Length, 14 * 24);
        ForecastPlot.WritePng(path, $"{site}: day-ahead forecast on test days (weather track)",
            p.Hours[..n], p.ActualKw[..n], p.P50Kw[..n], p.P10Kw[..n], p.P90Kw[..n]);
    }
}
