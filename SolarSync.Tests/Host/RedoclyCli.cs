using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SolarSync.Tests.Host;

/// <summary>
/// Runs Redocly's OpenAPI linter (its built-in recommended rules) through npx. The version is pinned so a new release
/// cannot fail the suite; npx fetches it into npm's cache on first use. The 1.x line declares Node.js 18.17+, which
/// Debian 12's own package meets (scripts/services.sh installs it when npm is missing); 2.x asks for 20.19 or later.
/// </summary>
internal static class RedoclyCli
{
    public const string Package = "@redocly/cli@1.34.20";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Lints <paramref name="file"/>; returns Redocly's JSON report (totals and problems).</summary>
    public static async Task<JsonObject> LintAsync(string file)
    {
        var start = new ProcessStartInfo("npx", ["--yes", Package, "lint", file, "--format=json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No redocly.yaml of anyone's: the recommended rules only.
            WorkingDirectory = Path.GetDirectoryName(file),
            Environment =
            {
                ["REDOCLY_TELEMETRY"] = "off",
                ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
                ["NO_COLOR"] = "1",
            },
        };

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"npx is not available ({e.Message}): install Node.js and npm (`scripts/services.sh start` does).");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"npx {Package} lint did not finish within {Timeout.TotalMinutes} minutes.");
            }

            // Exit code 1 only says the linter found errors; anything but a JSON report means it did not run.
            var output = await stdout;
            if (Report(output) is { } report) return report;
            Assert.Fail($"npx {Package} lint exited with {process.ExitCode} and no report:\n{await stderr}\n{output}");
            throw new UnreachableException();
        }
    }

    private static JsonObject? Report(string output)
    {
        try
        {
            return JsonNode.Parse(output) is JsonObject report && report["totals"] is not null ? report : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
