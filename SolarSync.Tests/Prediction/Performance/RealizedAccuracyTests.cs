using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Prediction.EvaluateForecasts;
using SolarSync.Modules.Prediction.Performance;
using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Tests.Prediction.Performance;

/// <summary>The realized-accuracy maths on tiny data computed by hand.</summary>
public sealed class RealizedAccuracyTests
{
    private const double Tolerance = 1e-12;

    private static HorizonAccuracy Bucket(RealizedAccuracy accuracy, string label, double capacityKw = 100)
    {
        var (buckets, all) = accuracy.Result(capacityKw);
        return label == RealizedAccuracy.AllLabel ? all : buckets.Single(b => b.Horizon == label);
    }

    [Test]
    public void Each_metric_matches_the_hand_computation()
    {
        // Horizon 2, errors p50 − actual: +2, −4, +5 on a 50 kW site.
        var accuracy = new RealizedAccuracy();
        accuracy.Add(2, actualKw: 10, p50Kw: 12, p10Kw: 9, p90Kw: 13);  // inside
        accuracy.Add(2, actualKw: 20, p50Kw: 16, p10Kw: 14, p90Kw: 19); // above p90
        accuracy.Add(2, actualKw: 5, p50Kw: 10, p10Kw: 5, p90Kw: 12);   // on p10: inside (bounds inclusive)
        var b = Bucket(accuracy, "1-6h", capacityKw: 50);

        Assert.Multiple(() =>
        {
            Assert.That(b.Hours, Is.EqualTo(3));
            Assert.That(b.Mae, Is.EqualTo(11.0 / 3).Within(Tolerance), "(2 + 4 + 5) / 3");
            Assert.That(b.Rmse, Is.EqualTo(Math.Sqrt(45.0 / 3)).Within(Tolerance), "√((4 + 16 + 25) / 3) = √15");
            Assert.That(b.NmaePct, Is.EqualTo(11.0 / 3 / 50 * 100).Within(Tolerance), "MAE / 50 kW × 100 = 7.33 %");
            Assert.That(b.Bias, Is.EqualTo(1.0).Within(Tolerance), "(2 − 4 + 5) / 3");
            Assert.That(b.Coverage80Pct, Is.EqualTo(200.0 / 3).Within(Tolerance), "2 of 3 inside p10..p90");
        });
    }

    [TestCase(1, "1-6h")]
    [TestCase(6, "1-6h")]
    [TestCase(7, "7-24h")]
    [TestCase(24, "7-24h")]
    [TestCase(25, "25-48h")]
    [TestCase(48, "25-48h")]
    [TestCase(49, "49-168h")]
    [TestCase(168, "49-168h")]
    public void A_point_counts_in_the_bucket_of_its_horizon_and_in_all(int horizon, string label)
    {
        var accuracy = new RealizedAccuracy();
        accuracy.Add(horizon, 10, 13, 0, 20);
        var (buckets, all) = accuracy.Result(100);

        Assert.Multiple(() =>
        {
            Assert.That(buckets.Select(b => b.Horizon), Is.EqualTo(new[] { "1-6h", "7-24h", "25-48h", "49-168h" }));
            Assert.That(buckets.Select(b => b.Hours), Is.EqualTo(buckets.Select(b => b.Horizon == label ? 1 : 0)));
            Assert.That(all.Hours, Is.EqualTo(1));
            Assert.That(Bucket(accuracy, label).Mae, Is.EqualTo(3));
        });
    }

    [Test]
    public void Hours_without_an_actual_or_a_median_are_skipped_and_missing_bounds_leave_coverage_only()
    {
        var accuracy = new RealizedAccuracy();
        accuracy.Add(1, double.NaN, 10, 5, 15);       // no actual: skipped
        accuracy.Add(1, 10, double.NaN, 5, 15);       // no median: skipped
        accuracy.Add(1, 10, 14, double.NaN, 15);      // error +4, no lower bound: not in coverage
        accuracy.Add(1, 10, 8, 9, 11);                // error −2, inside
        var b = Bucket(accuracy, "1-6h");

        Assert.Multiple(() =>
        {
            Assert.That(b.Hours, Is.EqualTo(2));
            Assert.That(b.Mae, Is.EqualTo(3).Within(Tolerance), "(4 + 2) / 2");
            Assert.That(b.Bias, Is.EqualTo(1).Within(Tolerance), "(4 − 2) / 2");
            Assert.That(b.Coverage80Pct, Is.EqualTo(100).Within(Tolerance), "1 of the 1 hour with both bounds");
        });
    }

    [Test]
    public void A_bucket_without_hours_has_no_metrics()
    {
        var accuracy = new RealizedAccuracy();
        accuracy.Add(3, 10, 11, 9, 12);
        var empty = Bucket(accuracy, "49-168h");

        Assert.Multiple(() =>
        {
            Assert.That(empty.Hours, Is.Zero);
            Assert.That(new[] { empty.Mae, empty.Rmse, empty.NmaePct, empty.Bias, empty.Coverage80Pct }, Is.All.NaN);
            Assert.That(SitePerformance.View(empty), Is.EqualTo(new HorizonAccuracyView("49-168h", 0, null, null, null, null, null)));
        });
    }

    [Test]
    public void The_reference_test_nmae_is_the_mean_over_the_hours_of_models_that_have_one()
    {
        var accuracy = new RealizedAccuracy();
        accuracy.Add(1, 10, 11, 9, 12, modelTestNmaePct: 4);
        accuracy.Add(2, 10, 11, 9, 12, modelTestNmaePct: 4);
        accuracy.Add(3, 10, 11, 9, 12, modelTestNmaePct: 7);
        accuracy.Add(4, 10, 11, 9, 12, modelTestNmaePct: null);

        Assert.Multiple(() =>
        {
            Assert.That(Bucket(accuracy, "all").ModelTestNmaePct, Is.EqualTo(5).Within(Tolerance), "(4 + 4 + 7) / 3");
            Assert.That(Bucket(accuracy, "all").Hours, Is.EqualTo(4));
            Assert.That(new RealizedAccuracy().Result(100).All.ModelTestNmaePct, Is.Null);
        });
    }

    [Test]
    public void An_archived_forecast_adds_its_points_in_the_range_at_horizon_index_plus_one()
    {
        var issued = new DateTimeOffset(2025, 6, 10, 20, 0, 0, TimeSpan.Zero);
        var from = issued.AddHours(6);
        // 8 points, hours 20:00 .. 03:00; the range [02:00, 03:00) holds index 6 only, horizon 7.
        var forecast = new ArchivedForecast(1, "v1", issued, issued, "solar",
            P50: [100, 100, 100, 100, 100, 100, 13, 100], P10: [0, 0, 0, 0, 0, 0, 0, 0], P90: [200, 200, 200, 200, 200, 200, 200, 200],
            ModelTestNmaePct: 4, "observed", 48, null);
        var actuals = new ActualPower(Enumerable.Range(0, 8).Select(i => new Observation
        {
            SiteId = 1, Ts = issued.AddHours(i), Source = ObservationSources.Meter, PowerKw = 10,
        }));
        var accuracy = new RealizedAccuracy();
        accuracy.Add(forecast, actuals, from, from.AddHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(Bucket(accuracy, "all").Hours, Is.EqualTo(1));
            Assert.That(Bucket(accuracy, "7-24h").Hours, Is.EqualTo(1));
            Assert.That(Bucket(accuracy, "7-24h").Bias, Is.EqualTo(3));
        });
    }

    [Test]
    public void Running_sums_agree_with_the_shared_forecast_metrics()
    {
        var random = new Random(7);
        const int n = 500;
        var actual = new double[n];
        var p50 = new double[n];
        var p10 = new double[n];
        var p90 = new double[n];
        for (var i = 0; i < n; i++)
        {
            actual[i] = i % 17 == 0 ? double.NaN : random.NextDouble() * 80;
            p50[i] = i % 23 == 0 ? double.NaN : random.NextDouble() * 80;
            p10[i] = i % 31 == 0 ? double.NaN : p50[i] - random.NextDouble() * 20;
            p90[i] = p50[i] + random.NextDouble() * 20;
        }

        var accuracy = new RealizedAccuracy();
        for (var i = 0; i < n; i++) accuracy.Add(5, actual[i], p50[i], p10[i], p90[i]);
        var mine = Bucket(accuracy, "all", capacityKw: 80);
        var shared = ForecastMetrics.Compute(actual, p50, 80, lowerKw: p10, upperKw: p90);

        Assert.Multiple(() =>
        {
            Assert.That(mine.Hours, Is.EqualTo(shared.Count));
            Assert.That(mine.Mae, Is.EqualTo(shared.Mae).Within(1e-9));
            Assert.That(mine.Rmse, Is.EqualTo(shared.Rmse).Within(1e-9));
            Assert.That(mine.NmaePct, Is.EqualTo(shared.NmaePct).Within(1e-9));
            Assert.That(mine.Bias, Is.EqualTo(shared.Bias).Within(1e-9));
            Assert.That(mine.Coverage80Pct, Is.EqualTo(shared.Coverage80Pct).Within(1e-9));
        });
    }

    [Test]
    public void The_actual_of_an_hour_is_the_last_source_with_a_measured_power()
    {
        var hour = new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);
        Observation Row(int h, string source, double? kw, bool imputed = false) =>
            new() { SiteId = 1, Ts = hour.AddHours(h), Source = source, PowerKw = kw, Imputed = imputed };
        var actuals = new ActualPower(
        [
            Row(0, ObservationSources.Meter, 10), Row(0, ObservationSources.Telemetry, 12),  // later source wins
            Row(1, ObservationSources.Meter, 10), Row(1, ObservationSources.Telemetry, null), // an empty later row erases nothing
            Row(2, ObservationSources.Meter, null),
            Row(3, ObservationSources.Meter, double.NaN),
            Row(4, ObservationSources.Meter, 7, imputed: true),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(actuals.At(hour), Is.EqualTo(12));
            Assert.That(actuals.At(hour.AddHours(1)), Is.EqualTo(10));
            Assert.That(actuals.At(hour.AddHours(2)), Is.NaN, "no power");
            Assert.That(actuals.At(hour.AddHours(3)), Is.NaN, "NaN power");
            Assert.That(actuals.At(hour.AddHours(4)), Is.NaN, "imputed, not measured");
            Assert.That(actuals.At(hour.AddHours(5)), Is.NaN, "not stored");
            Assert.That(actuals.Count, Is.EqualTo(2));
        });
    }
}

/// <summary>The drift alarm's rule: each of the last three days above factor × test nMAE.</summary>
public sealed class DriftRuleTests
{
    private static readonly DateOnly Last = new(2025, 6, 10);

    private static DailyNmae Day(int daysBack, double nmae, double? reference = 4) => new(Last.AddDays(-daysBack), nmae, reference);

    [Test]
    public void Three_bad_days_in_a_row_raise_the_alarm() =>
        Assert.That(DriftRule.IsDrifting([Day(2, 6.1), Day(1, 9), Day(0, 7)], Last, 1.5), Is.True, "threshold 1.5 × 4 = 6");

    [Test]
    public void Two_bad_days_after_a_good_one_do_not() =>
        Assert.That(DriftRule.IsDrifting([Day(3, 9), Day(2, 5.9), Day(1, 9), Day(0, 9)], Last, 1.5), Is.False);

    [Test]
    public void A_day_exactly_at_the_threshold_is_not_bad() =>
        Assert.That(DriftRule.IsDrifting([Day(2, 6), Day(1, 9), Day(0, 9)], Last, 1.5), Is.False);

    [Test]
    public void A_missing_day_or_one_without_a_test_nmae_breaks_the_run()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DriftRule.IsDrifting([Day(3, 9), Day(1, 9), Day(0, 9)], Last, 1.5), Is.False);
            Assert.That(DriftRule.IsDrifting([Day(2, 9, reference: null), Day(1, 9), Day(0, 9)], Last, 1.5), Is.False);
            Assert.That(DriftRule.IsDrifting([Day(3, 9), Day(2, 9), Day(1, 9)], Last, 1.5), Is.False, "the last day counts");
        });
    }
}
