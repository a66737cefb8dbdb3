using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// The API document as a client fetches it from a real listener (its server URL comes from the request) passes
/// Redocly's recommended rules without an error. Needs node and npm; without them the test fails, it never skips.
/// </summary>
[NonParallelizable]
public sealed class OpenApiLintTests
{
    private SolarSyncApp app = null!;

    [OneTimeSetUp]
    public async Task StartOnKestrelAsync() => app = await SolarSyncApp.StartOnKestrelAsync();

    [OneTimeTearDown]
    public Task StopAsync() => app.DisposeAsync().AsTask();

    [Test]
    public async Task The_document_passes_redocly_lint_without_errors()
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var file = Path.Combine(Path.GetTempPath(), $"solarsync-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await client.GetStringAsync("/openapi/v1.json"));
        JsonObject report;
        try
        {
            report = await RedoclyCli.LintAsync(file);
        }
        finally
        {
            File.Delete(file);
        }

        var problems = report["problems"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var listed = string.Join('\n', problems.Select(p =>
            $"{p["severity"]} {p["ruleId"]} at {p["location"]?[0]?["pointer"]}: {p["message"]}"));
        TestContext.Out.WriteLine($"{RedoclyCli.Package}: {report["totals"]!.ToJsonString()}\n{listed}");
        Assert.That(problems.Where(p => (string?)p["severity"] == "error"), Is.Empty, listed);
    }
}
