using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.Data;

public sealed class ObservationRepositoryTests : HostTest
{
    private const long SiteId = 3;

    // Every column, nulls, signs, extremes, a time before PostgreSQL's 2000 epoch and a source that is not ASCII.
    private static readonly Observation[] Rows =
    [
        new()
        {
            SiteId = SiteId, Source = ObservationSources.Meter, Ts = new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.Zero),
            GhiWm2 = 0, DniWm2 = -0.0, DhiWm2 = 1e-300, TempC = -41.25, RelHumidityPct = 99.999, PressureHpa = 1013.25,
            WindSpeed10mMs = 3.5, WindSpeed100mMs = 7.125, WindDirDeg = 359.9, CloudCoverPct = 100, PowerKw = -0.5,
            Flags = QualityFlags.Flatliner | QualityFlags.ZScoreOutlier, Imputed = true,
        },
        new() { SiteId = SiteId, Source = "météo-station-ü", Ts = new DateTimeOffset(2024, 7, 1, 12, 0, 0, TimeSpan.Zero), TempC = 31.5 },
        new() { SiteId = SiteId, Source = ObservationSources.Meter, Ts = new DateTimeOffset(2031, 2, 28, 5, 0, 0, TimeSpan.Zero), PowerKw = double.MaxValue },
    ];

    private ObservationRepository Repository() => App.Services.GetRequiredService<ObservationRepository>();

    [Test]
    public async Task Upserted_rows_read_back_exactly_as_written()
    {
        var written = await Repository().UpsertAsync(Rows, CancellationToken.None);

        var stored = await ReadAllAsync();
        Assert.That(written, Is.EqualTo(Rows.Length));
        Assert.That(stored, Is.EqualTo(Rows.OrderBy(o => o.Ts)));
    }

    [Test]
    public async Task Writing_the_same_rows_again_changes_nothing_and_a_changed_row_is_rewritten()
    {
        await Repository().UpsertAsync(Rows, CancellationToken.None);

        var again = await Repository().UpsertAsync(Rows, CancellationToken.None);
        var changed = await Repository().UpsertAsync([Rows[0], Rows[1] with { TempC = 30 }], CancellationToken.None);

        Assert.That(again, Is.Zero);
        Assert.That(changed, Is.EqualTo(1));
        Assert.That((await ReadAllAsync()).Single(o => o.Source == Rows[1].Source).TempC, Is.EqualTo(30));
    }

    [Test]
    public async Task Concurrent_upserts_that_need_new_month_partitions_all_succeed()
    {
        // Imports write two batches at once; each batch may need month partitions that do not exist yet. Every round
        // uses months no earlier round created, so both writers race to create them.
        for (var round = 0; round < 20; round++)
        {
            var month = new DateTimeOffset(2040 + round, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var writers = Enumerable.Range(0, 8).Select(w => Repository().UpsertAsync(
                Enumerable.Range(0, 24 * 62).Select(h => new Observation
                {
                    SiteId = SiteId, Source = $"writer-{w}", Ts = month.AddHours(h), PowerKw = h,
                }).ToList(), CancellationToken.None));

            var written = await Task.WhenAll(writers);

            Assert.That(written, Has.All.EqualTo(24 * 62));
        }
    }

    private async Task<IReadOnlyList<Observation>> ReadAllAsync() =>
        await Repository().ReadAsync(SiteId, Rows.Select(o => o.Source).Distinct().ToList(),
            DateTimeOffset.UnixEpoch, new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);
}
