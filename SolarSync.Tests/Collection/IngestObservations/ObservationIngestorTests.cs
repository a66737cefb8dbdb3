using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.IngestObservations;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.IngestObservations;

[NonParallelizable]
public sealed class ObservationIngestorTests
{
    [Test]
    public async Task A_failed_write_ends_the_run_with_its_error_while_batches_are_still_coming()
    {
        // Small batches, so validation runs far ahead of the failed writer and fills the channel between them.
        await using var app = await SolarSyncApp.StartAsync(
            new Dictionary<string, string?> { ["Collection:IngestBatchSize"] = "24" },
            services => services.AddSingleton<IQuarantine, FailingQuarantine>());
        await app.ResetAsync();
        var site = new Site(1, "Failing PV", PlantType.Solar, 39.74, -105.18, 500, 30, 180, null, null, "UTC", false, DateTimeOffset.UtcNow);
        await using var scope = app.Scope();
        var ingestor = scope.ServiceProvider.GetRequiredService<ObservationIngestor>();

        var run = ingestor.IngestAsync(site, "import", ObservationSources.EvalCsv, Hours(site.Id, 60 * 24), null, null, CancellationToken.None);

        // A guard against hanging the suite, not a performance bound: the run ends within seconds or never.
        var first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.That(first, Is.SameAs(run), "the run did not end after its writer failed");
        Assert.That(async () => await run, Throws.InstanceOf<QuarantineDownException>());
    }

    private static async IAsyncEnumerable<Parsed> Hours(long siteId, int count)
    {
        var start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return Parsed.Accept(new Observation { SiteId = siteId, Source = ObservationSources.EvalCsv, Ts = start.AddHours(i), TempC = 10 });
        }
    }

    private sealed class QuarantineDownException() : Exception("the quarantine is down");

    private sealed class FailingQuarantine : IQuarantine
    {
        public Task<int> StoreAsync(IReadOnlyList<Rejection> rejections, CancellationToken ct) => throw new QuarantineDownException();
    }
}
