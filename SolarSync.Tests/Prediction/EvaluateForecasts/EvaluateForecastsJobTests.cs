using Dapper;
using Npgsql;
using SolarSync.Modules.Prediction.EvaluateForecasts;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.EvaluateForecasts;

/// <summary>prediction:evaluate-daily called from a DI scope of the real host, on a clock the tests set.</summary>
public sealed class EvaluateForecastsJobTests : PredictionHost
{
    private static readonly DateOnly June11 = new(2025, 6, 11);

    private sealed record Row(long SiteId, DateOnly Day, string Horizon, int Hours, double Mae, double Rmse, double Nmae, double Bias,
        double? Coverage80, double? ModelTestNmae, DateTime ComputedAt);

    private static async Task<List<Row>> RowsAsync()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return (await conn.QueryAsync<Row>("""
            SELECT site_id, day, horizon, hours, mae, rmse, nmae, bias, coverage80, model_test_nmae, computed_at
            FROM prediction.forecast_accuracy_daily ORDER BY site_id, day, horizon
            """)).ToList();
    }

    private double? Alarm(Site site) => ReadGauge("solarsync.forecast.drift_alarm")
        .Where(m => Convert.ToInt64(m.Tags["site_id"]) == site.Id).Select(m => (double?)m.Value).SingleOrDefault();

    [Test]
    public async Task The_previous_day_and_uncomputed_days_of_the_last_week_are_stored_and_a_second_run_leaves_the_same_rows()
    {
        var site = await CreateSiteAsync("Golden", 100);
        await StoreDayAsync(site, June11.AddDays(-1), errorKw: 10);
        await StoreDayAsync(site, June11.AddDays(-3), errorKw: -2, testNmae: null);
        await StoreDayAsync(site, June11.AddDays(-8), errorKw: 10); // before the week looked back on
        SetClockTo(June11);

        await RunEvaluationJobAsync();
        var first = await RowsAsync();
        await RunEvaluationJobAsync();
        var second = await RowsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(r => (r.Day, r.Horizon, r.Hours)), Is.EqualTo(new[]
            {
                (June11.AddDays(-3), "1-6h", 6), (June11.AddDays(-3), "7-24h", 18), (June11.AddDays(-3), "all", 24),
                (June11.AddDays(-1), "1-6h", 6), (June11.AddDays(-1), "7-24h", 18), (June11.AddDays(-1), "all", 24),
            }));
            // 06-10: every hour off by +10 kW on 100 kW, outside p10..p90 = 55..65.
            var bad = first.Single(r => r.Day == June11.AddDays(-1) && r.Horizon == "all");
            Assert.That((bad.Mae, bad.Rmse, bad.Nmae, bad.Bias, bad.Coverage80, bad.ModelTestNmae), Is.EqualTo((10.0, 10.0, 10.0, 10.0, (double?)0, (double?)4)));
            // 06-08: off by −2 kW, inside 43..53; made by the physical stand-in (no test nMAE).
            var good = first.Single(r => r.Day == June11.AddDays(-3) && r.Horizon == "all");
            Assert.That((good.Mae, good.Rmse, good.Nmae, good.Bias, good.Coverage80, good.ModelTestNmae), Is.EqualTo((2.0, 2.0, 2.0, -2.0, (double?)100, (double?)null)));
            Assert.That(second, Is.EqualTo(first), "same rows, not even rewritten");
        });
    }

    [Test]
    public async Task The_previous_day_is_always_recomputed_an_earlier_computed_day_is_not_and_a_late_one_is_caught_up()
    {
        var site = await CreateSiteAsync("Golden", 100);
        await StoreDayAsync(site, June11.AddDays(-1), errorKw: 10);
        await StoreDayAsync(site, June11.AddDays(-3), errorKw: 10);
        SetClockTo(June11);
        await RunEvaluationJobAsync();
        await using (var conn = new NpgsqlConnection(TestServices.Postgres))
            await conn.ExecuteAsync("UPDATE prediction.forecast_accuracy_daily SET mae = 999");
        // Actuals and forecasts of 06-05 arrive late.
        await StoreDayAsync(site, June11.AddDays(-6), errorKw: 3);

        await RunEvaluationJobAsync();
        var rows = await RowsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(rows.Where(r => r.Day == June11.AddDays(-1)).Select(r => r.Mae), Is.All.EqualTo(10), "the previous day is recomputed");
            Assert.That(rows.Where(r => r.Day == June11.AddDays(-3)).Select(r => r.Mae), Is.All.EqualTo(999), "a computed earlier day is kept");
            Assert.That(rows.Where(r => r.Day == June11.AddDays(-6)).Select(r => (r.Horizon, r.Mae)),
                Is.EqualTo(new[] { ("1-6h", 3.0), ("7-24h", 3.0), ("all", 3.0) }), "an uncomputed day of the week is computed");
        });
    }

    [Test]
    public async Task The_drift_alarm_stays_0_after_two_bad_days_and_goes_to_1_after_the_third()
    {
        // Bad: realized nMAE 10 % > 1.5 × test nMAE 4 % = 6 %.
        var site = await CreateSiteAsync("Golden", 100);
        foreach (var back in new[] { 1, 2, 3 }) await StoreDayAsync(site, June11.AddDays(-back), errorKw: 10);

        SetClockTo(June11.AddDays(-1)); // evaluates 06-09; bad days 06-08 and 06-09
        await RunEvaluationJobAsync();
        var afterTwo = Alarm(site);
        SetClockTo(June11);             // evaluates 06-10; bad days 06-08, 06-09, 06-10
        await RunEvaluationJobAsync();
        var afterThree = Alarm(site);
        var nmae = ReadGauge("solarsync.forecast.realized_nmae").Where(m => Convert.ToInt64(m.Tags["site_id"]) == site.Id)
            .ToDictionary(m => (string)m.Tags["horizon"]!, m => m.Value);
        var scrape = await Reader.GetStringAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(afterTwo, Is.EqualTo(0));
            Assert.That(afterThree, Is.EqualTo(1));
            Assert.That(nmae, Is.EquivalentTo(new Dictionary<string, double> { ["1-6h"] = 10, ["7-24h"] = 10, ["all"] = 10 }));
            Assert.That(scrape, Does.Match($@"solarsync_forecast_drift_alarm\{{[^}}]*site_id=""{site.Id}""[^}}]*\}} 1\b"));
            Assert.That(scrape, Does.Match($@"solarsync_forecast_realized_nmae\{{[^}}]*horizon=""all""[^}}]*\}} 10\b"));
        });
    }

    [Test]
    public async Task A_good_day_before_two_bad_ones_keeps_the_alarm_at_0_while_another_site_drifts()
    {
        var steady = await CreateSiteAsync("Steady", 100);
        await StoreDayAsync(steady, June11.AddDays(-3), errorKw: 5); // 5 % ≤ 6 %: good
        await StoreDayAsync(steady, June11.AddDays(-2), errorKw: 10);
        await StoreDayAsync(steady, June11.AddDays(-1), errorKw: 10);
        var drifting = await CreateSiteAsync("Drifting", 100);
        foreach (var back in new[] { 1, 2, 3 }) await StoreDayAsync(drifting, June11.AddDays(-back), errorKw: -7);
        SetClockTo(June11);

        await RunEvaluationJobAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Alarm(steady), Is.EqualTo(0));
            Assert.That(Alarm(drifting), Is.EqualTo(1), "7 % > 6 % on each of three days");
        });
    }

    [Test]
    public async Task A_site_without_forecasts_gets_no_rows_and_no_alarm()
    {
        var site = await CreateSiteAsync("Golden", 100);
        await StoreObservationsAsync(site, (StartOf(June11.AddDays(-1)), 50));
        SetClockTo(June11);

        await RunEvaluationJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await RowsAsync(), Is.Empty);
            Assert.That(Alarm(site), Is.EqualTo(0));
        });
    }
}
