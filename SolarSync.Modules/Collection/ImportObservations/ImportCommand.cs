using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.ImportObservations;

/// <summary><c>import --site &lt;id&gt; --format psm3|meter|weather|eval &lt;file&gt;</c>: the import endpoint as a host command.</summary>
internal static class ImportCommand
{
    public const string Usage = "usage: SolarSync.Host import --site <id> --format psm3|meter|weather|eval <file>";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        if (!TryParse(args, out var siteId, out var format, out var path, out var problem))
        {
            await output.WriteLineAsync(problem + Environment.NewLine + Usage);
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var site = await scope.ServiceProvider.GetRequiredService<ISiteDirectory>().FindAsync(siteId, ct);
        if (site is null)
        {
            await output.WriteLineAsync($"No site has id {siteId}.");
            return 1;
        }
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var result = await scope.ServiceProvider.GetRequiredService<ObservationImporter>().ImportAsync(site, format, file, ct);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true }));
            return 0;
        }
        catch (ImportFormatException e)
        {
            await output.WriteLineAsync($"The file cannot be imported: {e.Message}");
            return 1;
        }
    }

    private static bool TryParse(string[] args, out long siteId, out ImportFormat format, out string path, out string problem)
    {
        siteId = 0;
        format = default;
        path = "";
        string? site = null, formatText = null;
        var positional = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--site" when i + 1 < args.Length: site = args[++i]; break;
                case "--format" when i + 1 < args.Length: formatText = args[++i]; break;
                default: positional.Add(args[i]); break;
            }
        }
        problem = site is null || !long.TryParse(site, out siteId) ? "--site <id> is required."
            : !ImportFormats.TryParse(formatText, out format) ? "--format must be psm3, meter, weather or eval."
            : positional.Count != 1 ? "Exactly one file is required."
            : !File.Exists(positional[0]) ? $"No file at {positional[0]}."
            : "";
        if (positional.Count == 1) path = positional[0];
        return problem.Length == 0;
    }
}
