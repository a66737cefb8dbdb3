using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.Archive;

/// <summary>The archive against the real database: once per site, model version and issue hour, the longest kept.</summary>
public sealed class ForecastArchiveTests : PredictionHost
{
    private static readonly DateTimeOffset Issued = new(2025, 6, 11, 9, 0, 0, TimeSpan.Zero);

    private static (double, double, double)[] Points(int count, double p50) =>
        Enumerable.Range(0, count).Select(i => (p50 + i, p50 + i - 1, p50 + i + 1)).ToArray();

    private sealed class Row
    {
        public string ModelVersion { get; set; } = "";
        public DateTime IssuedAt { get; set; }
        public DateTime GeneratedAt { get; set; }
        public int HorizonHours { get; set; }
        public double[] P50 { get; set; } = [];
    }

    private static async Task<List<Row>> RowsAsync()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return (await conn.QueryAsync<Row>(
            "SELECT model_version, issued_at, generated_at, horizon_hours, p50 FROM prediction.forecasts ORDER BY model_version, issued_at")).ToList();
    }

    [Test]
    public async Task A_forecast_is_stored_once_and_storing_it_again_changes_nothing()
    {
        var site = await CreateSiteAsync("Golden", 100);
        await StoreForecastAsync(Forecast(site, "v1", Issued, 4.0, Points(24, 10)));
        var first = await RowsAsync();
        // Same key and length, other values and a later generation time: a no-op.
        await StoreForecastAsync(Forecast(site, "v1", Issued, 4.0, Points(24, 99)) with { GeneratedAt = Issued.AddMinutes(40) });
        var second = await RowsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Count.EqualTo(1));
            Assert.That(first[0].HorizonHours, Is.EqualTo(24));
            Assert.That(first[0].P50[0], Is.EqualTo(10));
            Assert.That(second, Has.Count.EqualTo(1));
            Assert.That(second[0].P50, Is.EqualTo(first[0].P50), "the first stored forecast stays");
            Assert.That(second[0].GeneratedAt, Is.EqualTo(first[0].GeneratedAt));
        });
    }

    [Test]
    public async Task A_longer_forecast_of_the_same_key_replaces_a_shorter_one_and_a_shorter_one_never_replaces_it()
    {
        var site = await CreateSiteAsync("Golden", 100);
        await StoreForecastAsync(Forecast(site, "v1", Issued, 4.0, Points(24, 10)));
        await StoreForecastAsync(Forecast(site, "v1", Issued, 4.0, Points(48, 20)));
        var afterLonger = await RowsAsync();
        await StoreForecastAsync(Forecast(site, "v1", Issued, 4.0, Points(24, 30)));
        var afterShorter = await RowsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(afterLonger.Select(r => (r.HorizonHours, r.P50[0])), Is.EqualTo(new[] { (48, 20.0) }));
            Assert.That(afterShorter.Select(r => (r.HorizonHours, r.P50[0])), Is.EqualTo(new[] { (48, 20.0) }));
        });
    }

    [Test]
    public async Task Another_model_version_or_issue_hour_is_another_forecast()
    {
        var site = await CreateSiteAsync("Golden", 100);
        await StoreForecastAsync(Forecast(site, "v1", Issued, 4.0, Points(24, 10)));
        await StoreForecastAsync(Forecast(site, "v2", Issued, 5.0, Points(24, 10)));
        await StoreForecastAsync(Forecast(site, "v1", Issued.AddHours(1), 4.0, Points(24, 10)));

        Assert.That((await RowsAsync()).Select(r => (r.ModelVersion, r.IssuedAt)), Is.EqualTo(new[]
        {
            ("v1", Issued.UtcDateTime), ("v1", Issued.AddHours(1).UtcDateTime), ("v2", Issued.UtcDateTime),
        }));
    }

    [Test]
    public async Task Reading_by_target_hours_returns_the_forecasts_reaching_into_the_range_whole()
    {
        var site = await CreateSiteAsync("Golden", 100);
        var other = await CreateSiteAsync("Other", 100);
        var from = new DateTimeOffset(2025, 6, 11, 0, 0, 0, TimeSpan.Zero);
        // Ends at 23:00 the day before: out. Ends exactly at from (last point 23:00): out.
        await StoreForecastAsync(Forecast(site, "v1", from.AddHours(-30), null, Points(7, 1)));
        await StoreForecastAsync(Forecast(site, "v1", from.AddHours(-24), null, Points(24, 1)));
        // 168 h issued 168 h before: last point at from − 1 h, out. Issued 167 h before: last point at from, in.
        await StoreForecastAsync(Forecast(site, "v9", from.AddHours(-168), null, Points(168, 1)));
        await StoreForecastAsync(Forecast(site, "v0", from.AddHours(-167), null, Points(168, 1)));
        // Issued inside: in. Issued at until: out. Another site: out.
        await StoreForecastAsync(Forecast(site, "v1", from.AddHours(-10), 4.0, [(1.5, double.NaN, 2.5), .. Points(11, 2)]));
        await StoreForecastAsync(Forecast(site, "v1", from.AddHours(5), 4.0, Points(3, 3)));
        await StoreForecastAsync(Forecast(site, "v1", from.AddHours(6), 4.0, Points(3, 3)));
        await StoreForecastAsync(Forecast(other, "v1", from, 4.0, Points(3, 3)));

        var archive = App.Services.GetRequiredService<ForecastArchive>();
        var read = await archive.ReadAsync(site.Id, from, from.AddHours(6), CancellationToken.None).ToListAsync();

        Assert.Multiple(() =>
        {
            Assert.That(read.Select(f => (f.ModelVersion, f.IssuedAt)), Is.EqualTo(new[]
            {
                ("v0", from.AddHours(-167)), ("v1", from.AddHours(-10)), ("v1", from.AddHours(5)),
            }));
            var f = read[1];
            Assert.That(f.HorizonHours, Is.EqualTo(12));
            Assert.That(f.ModelType, Is.EqualTo("solar"));
            Assert.That(f.ModelTestNmaePct, Is.EqualTo(4.0));
            Assert.That(f.HistoricalContext, Is.EqualTo("observed"));
            Assert.That(f.HistoryHours, Is.EqualTo(48));
            Assert.That(f.WeatherIssuedAt, Is.EqualTo(from.AddHours(-13)));
            Assert.That(f.GeneratedAt, Is.EqualTo(from.AddHours(-10).AddMinutes(7)));
            var points = f.Points();
            Assert.That(points[0].Timestamp, Is.EqualTo(from.AddHours(-10)));
            Assert.That(points[0].P50, Is.EqualTo(1.5));
            Assert.That(points[0].P10, Is.NaN, "NaN survives the round trip");
            Assert.That(points[11].Timestamp, Is.EqualTo(from.AddHours(1)));
            Assert.That((points[11].P50, points[11].P10, points[11].P90), Is.EqualTo((12.0, 11.0, 13.0)));
            Assert.That(read[0].ModelTestNmaePct, Is.Null);
        });
    }

    [Test]
    public async Task Points_that_do_not_follow_the_issue_hour_are_refused()
    {
        var site = await CreateSiteAsync("Golden", 100);
        var gap = Forecast(site, "v1", Issued, 4.0, Points(3, 1));
        gap = gap with { Points = [gap.Points[0], gap.Points[2]] };
        var offHour = Forecast(site, "v1", Issued.AddMinutes(30), 4.0, Points(3, 1));

        Assert.Multiple(async () =>
        {
            Assert.That(async () => await StoreForecastAsync(gap), Throws.ArgumentException.With.Message.Contains("Point 1"));
            Assert.That(async () => await StoreForecastAsync(offHour), Throws.ArgumentException.With.Message.Contains("start of an hour"));
            Assert.That(async () => await StoreForecastAsync(Forecast(site, "v1", Issued, 4.0)), Throws.ArgumentException);
            Assert.That(await RowsAsync(), Is.Empty);
        });
    }
}
