using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.ImportObservations;

/// <summary>
/// <c>import --format psm3|meter|weather|eval --site &lt;id&gt; &lt;file&gt; [--site &lt;id&gt; &lt;file&gt; …]</c>: the import
/// endpoint as a host command, for one file or a fleet's files in one run.
/// </summary>
internal static class ImportCommand
{
    public const string Usage = "usage: SolarSync.Host import --format psm3|meter|weather|eval --site <id> <file> [--site <id> <file> ...]";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        if (!TryParse(args, out var format, out var files, out var problem))
        {
            await output.WriteLineAsync(problem + Environment.NewLine + Usage);
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var sites = scope.ServiceProvider.GetRequiredService<ISiteDirectory>();
        var importer = scope.ServiceProvider.GetRequiredService<ObservationImporter>();
        foreach (var (siteId, path) in files)
        {
            if (await sites.FindAsync(siteId, ct) is not { } site)
            {
                await output.WriteLineAsync($"No site has id {siteId}.");
                return 1;
            }
            try
            {
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                var result = await importer.ImportAsync(site, format, file, ct);
                await output.WriteLineAsync(JsonSerializer.Serialize(result, Json));
            }
            catch (ImportFormatException e)
            {
                await output.WriteLineAsync($"{path} cannot be imported: {e.Message}");
                return 1;
            }
        }
        return 0;
    }

    private static bool TryParse(string[] args, out ImportFormat format, out List<(long SiteId, string Path)> files, out string problem)
    {
        format = default;
        files = [];
        string? formatText = null;
        problem = "";
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--format" && i + 1 < args.Length) formatText = args[++i];
            else if (args[i] == "--site" && i + 2 < args.Length && long.TryParse(args[i + 1], out var siteId))
            {
                files.Add((siteId, args[i + 2]));
                i += 2;
            }
            else
            {
                problem = $"Unexpected argument '{args[i]}': each file follows --site <id>.";
                return false;
            }
        }
        problem = !ImportFormats.TryParse(formatText, out format) ? "--format must be psm3, meter, weather or eval."
            : files.Count == 0 ? "At least one --site <id> <file> is required."
            : files.FirstOrDefault(f => !File.Exists(f.Path)) is { Path: { } missing } ? $"No file at {missing}."
            : "";
        return problem.Length == 0;
    }
}
