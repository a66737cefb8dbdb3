using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.Intervals;

/// <summary>Intervals adapted in service: the daily job sets each model version's width from its coverage, forecasts are served at it.</summary>
public sealed class LiveIntervalWidthsTests : PredictionHost
{
    private static readonly DateOnly June11 = new(2025, 6, 11);
    private static readonly double GrowthAfterAllMissed = Math.Exp(0.6 * (1 - 0.2));
    private static readonly double ShrinkAfterAllCovered = Math.Exp(0.6 * (0 - 0.2));

    private static async Task<Dictionary<(long, string), (double Width, DateOnly ThroughDay, int Hours, int Misses)>> WidthsAsync()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var rows = await conn.QueryAsync<(long SiteId, string Version, double Width, DateOnly ThroughDay, int Hours, int Misses)>(
            "SELECT site_id, model_version, width, through_day, hours, misses FROM prediction.interval_widths");
        return rows.ToDictionary(r => (r.SiteId, r.Version), r => (r.Width, r.ThroughDay, r.Hours, r.Misses));
    }

    [Test]
    public async Task A_version_whose_hours_fell_outside_widens_one_that_covered_narrows_and_a_rerun_counts_no_day_twice()
    {
        var site = await CreateSiteAsync("Golden", 100);
        // 06-09: v1 misses every hour (off by 10 kW, ±5 kW), v2 covers every hour. 06-10: v1 misses again.
        await StoreDayAsync(site, June11.AddDays(-2), errorKw: 10);
        await StoreForecastAsync(Forecast(site, "v2", StartOf(June11.AddDays(-2)), 4, Enumerable.Range(0, 24).Select(_ => (51.0, 46.0, 56.0)).ToArray()));
        await StoreDayAsync(site, June11.AddDays(-1), errorKw: 10);

        SetClockTo(June11.AddDays(-1));
        await RunEvaluationJobAsync();
        var afterFirstDay = await WidthsAsync();
        SetClockTo(June11.AddDays(-1));
        await RunEvaluationJobAsync();
        var afterRerun = await WidthsAsync();
        SetClockTo(June11);
        await RunEvaluationJobAsync();
        var afterSecondDay = await WidthsAsync();
        var gauge = ReadGauge("solarsync.forecast.interval_width").Where(m => Convert.ToInt64(m.Tags["site_id"]) == site.Id)
            .ToDictionary(m => (string)m.Tags["model_version"]!, m => m.Value);

        Assert.Multiple(() =>
        {
            Assert.That(afterFirstDay[(site.Id, "v1")].Width, Is.EqualTo(GrowthAfterAllMissed).Within(1e-9));
            Assert.That(afterFirstDay[(site.Id, "v1")].Hours, Is.EqualTo(24));
            Assert.That(afterFirstDay[(site.Id, "v1")].Misses, Is.EqualTo(24));
            Assert.That(afterFirstDay[(site.Id, "v2")].Width, Is.EqualTo(ShrinkAfterAllCovered).Within(1e-9));
            Assert.That(afterRerun, Is.EqualTo(afterFirstDay), "the same day is not adapted on twice");
            Assert.That(afterSecondDay[(site.Id, "v1")].Width, Is.EqualTo(GrowthAfterAllMissed * GrowthAfterAllMissed).Within(1e-9));
            Assert.That(afterSecondDay[(site.Id, "v1")].ThroughDay, Is.EqualTo(June11.AddDays(-1)));
            Assert.That(afterSecondDay[(site.Id, "v2")], Is.EqualTo(afterFirstDay[(site.Id, "v2")]), "v2 forecast nothing of 06-10");
            Assert.That(gauge.Keys, Is.EquivalentTo(new[] { "v1", "v2" }), "the gauge shows the versions adapted in the last week");
            Assert.That(gauge["v1"], Is.EqualTo(GrowthAfterAllMissed * GrowthAfterAllMissed).Within(1e-9));
        });
    }

    [Test]
    public async Task Hours_without_an_actual_or_with_an_empty_interval_do_not_count()
    {
        var site = await CreateSiteAsync("Golden", 100);
        var day = June11.AddDays(-1);
        var start = StartOf(day);
        // Actuals for the first 12 hours only; the forecast's first 6 hours are an empty night interval (0, 0, 0).
        await StoreObservationsAsync(site, Enumerable.Range(0, 12).Select(h => (start.AddHours(h), (double?)(h < 6 ? 0 : 50))).ToArray());
        await StoreForecastAsync(Forecast(site, "v1", start, 4,
            Enumerable.Range(0, 24).Select(h => h < 6 ? (0.0, 0.0, 0.0) : (50.0, 45.0, 55.0)).ToArray()));

        SetClockTo(June11);
        await RunEvaluationJobAsync();
        var width = (await WidthsAsync())[(site.Id, "v1")];

        Assert.That((width.Hours, width.Misses), Is.EqualTo((6, 0)));
        Assert.That(width.Width, Is.EqualTo(ShrinkAfterAllCovered).Within(1e-9));
    }

    [Test]
    public async Task The_width_of_a_version_not_adapted_for_a_month_is_removed_and_a_recent_one_kept()
    {
        var site = await CreateSiteAsync("Golden", 100);
        await using (var conn = new NpgsqlConnection(TestServices.Postgres))
        {
            await conn.ExecuteAsync("""
                INSERT INTO prediction.interval_widths (site_id, model_version, width, through_day, hours, misses)
                VALUES (@id, 'retired', 3, @retired, 24, 24), (@id, 'serving', 2, @serving, 24, 24)
                """, new { id = site.Id, retired = June11.AddDays(-31), serving = June11.AddDays(-30) });
        }

        SetClockTo(June11);
        await RunEvaluationJobAsync();
        var widths = await WidthsAsync();

        Assert.That(widths.ContainsKey((site.Id, "retired")), Is.False, "last adapted 31 days ago");
        Assert.That(widths[(site.Id, "serving")].Width, Is.EqualTo(2), "last adapted 30 days ago");
    }

    /// <summary>
    /// Two sites alike but for the width of the version that serves them (the physical stand-in: no history): the wider
    /// one's p10/p90 lie twice as far from the same p50, within [0, capacity] (the response rounds kW to 3 decimals).
    /// </summary>
    [Test]
    public async Task Forecasts_are_served_at_the_width_of_their_version_at_the_site()
    {
        var plain = await CreateSiteAsync("Plain", 100);
        var widened = await CreateSiteAsync("Widened", 100);
        await using (var conn = new NpgsqlConnection(TestServices.Postgres))
        {
            await conn.ExecuteAsync("""
                INSERT INTO prediction.interval_widths (site_id, model_version, width, through_day, hours, misses)
                VALUES (@id, 'physical', 2, '2025-06-10', 24, 24)
                """, new { id = widened.Id });
        }

        var a = await PointsAsync(plain);
        var b = await PointsAsync(widened);

        Assert.That(a.Count(p => p.P90 > p.P10), Is.GreaterThan(0), "daylight hours have intervals");
        Assert.Multiple(() =>
        {
            for (var k = 0; k < a.Count; k++)
            {
                Assert.That(b[k].P50, Is.EqualTo(a[k].P50).Within(1e-9));
                Assert.That(b[k].P10, Is.EqualTo(Math.Max(0, a[k].P50 - 2 * (a[k].P50 - a[k].P10))).Within(2e-3), $"p10 of hour {k}");
                Assert.That(b[k].P90, Is.EqualTo(Math.Min(100, a[k].P50 + 2 * (a[k].P90 - a[k].P50))).Within(2e-3), $"p90 of hour {k}");
            }
        });
    }

    private async Task<List<(double P10, double P50, double P90)>> PointsAsync(Site site)
    {
        var body = JsonNode.Parse(await Reader.GetStringAsync($"/api/v1/sites/{site.Id}/forecast?hours=24"))!;
        Assert.That((string?)body["model_version"], Is.EqualTo("physical"));
        return body["points"]!.AsArray().Select(p => ((double)p!["p10"]!, (double)p["p50"]!, (double)p["p90"]!)).ToList();
    }
}
