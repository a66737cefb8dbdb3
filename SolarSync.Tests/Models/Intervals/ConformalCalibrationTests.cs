using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Models.Intervals;

public sealed class ConformalCalibrationTests
{
    private const double CapacityKw = 1000;

    // Residual spread per default bucket (1-6, 7-24, 25-48, 49-168 h): errors grow with horizon.
    private static readonly double[] SigmaKw = [20, 40, 60, 80];

    [Test]
    public void A_plant_that_reports_standby_draw_gets_intervals_that_reach_below_zero_and_no_further()
    {
        // A parked turbine reports about -0.3 % of capacity; a calm forecast of 0 must be able to contain that hour.
        var random = new Random(3);
        var n = 2000;
        var actual = Enumerable.Range(0, n).Select(i => i % 4 == 0 ? -0.003 + 0.001 * random.NextDouble() : 0.5 + 0.1 * (random.NextDouble() - 0.5)).ToArray();
        var p50 = actual.Select(a => a < 0 ? 0.0 : 0.5).ToArray();
        var calibration = ConformalCalibration.Fit(actual, p50, Enumerable.Repeat(1, n).ToArray(), normaliseByCapacityKw: 1);

        var (p10, _, _) = calibration.Apply(0, 1, isDaylight: true, capacityKw: 1500);

        Assert.That(calibration.FloorShare, Is.InRange(-0.0031, -0.002));
        Assert.That(p10, Is.LessThan(0).And.GreaterThanOrEqualTo(calibration.FloorShare * 1500));
        Assert.That(ConformalCalibration.FromJson(calibration.ToJson()).FloorShare, Is.EqualTo(calibration.FloorShare));
    }

    /// <summary>
    /// Solar errors scale with the sun: hours whose clear-sky output is a fifth of capacity err a fifth as much. Scaled
    /// by capacity alone, one calibration over-covers the low-sun hours and under-covers the high-sun ones; scaled by
    /// each hour's ceiling, both get their 80 %.
    /// </summary>
    [Test]
    public void Scaled_by_each_hours_ceiling_low_and_high_sun_hours_are_both_covered_80_percent()
    {
        (double[] Actual, double[] P50, double[] Ceiling) Hours(int n, int seed)
        {
            var random = new Random(seed);
            var ceiling = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0.2 * CapacityKw : CapacityKw).ToArray();
            var p50 = ceiling.Select(c => 0.5 * c).ToArray();
            var actual = p50.Select((p, i) => p + 0.4 * ceiling[i] * (random.NextDouble() - 0.5)).ToArray();
            return (actual, p50, ceiling);
        }

        var (actual, p50, ceiling) = Hours(4000, seed: 1);
        var horizons = Enumerable.Repeat(1, actual.Length).ToArray();
        var scaled = ConformalCalibration.Fit(actual, p50, horizons, normaliseByCapacityKw: CapacityKw, ceilingKw: ceiling);
        var flat = ConformalCalibration.Fit(actual, p50, horizons, normaliseByCapacityKw: CapacityKw);
        var fresh = Hours(4000, seed: 2);

        double Coverage(ConformalCalibration c, bool lowSun, bool withCeiling)
        {
            var (hits, n) = (0, 0);
            for (var i = lowSun ? 0 : 1; i < fresh.Actual.Length; i += 2)
            {
                var (p10, _, p90) = c.Apply(fresh.P50[i], 1, true, CapacityKw, withCeiling ? fresh.Ceiling[i] : null);
                n++;
                if (fresh.Actual[i] >= p10 && fresh.Actual[i] <= p90) hits++;
            }

            return (double)hits / n;
        }

        Assert.Multiple(() =>
        {
            Assert.That(scaled.ScaleByCeiling, Is.True);
            Assert.That(Coverage(scaled, lowSun: true, withCeiling: true), Is.InRange(0.77, 0.83));
            Assert.That(Coverage(scaled, lowSun: false, withCeiling: true), Is.InRange(0.77, 0.83));
            Assert.That(Coverage(flat, lowSun: true, withCeiling: false), Is.GreaterThan(0.9), "capacity scaling over-covers low sun");
            Assert.That(Coverage(flat, lowSun: false, withCeiling: false), Is.LessThan(0.75), "and under-covers high sun");
            Assert.That(ConformalCalibration.FromJson(scaled.ToJson()), Is.EqualTo(scaled), "the choice is saved with the model");
        });
    }

    [Test]
    public void The_offsets_are_the_order_statistics_of_the_finite_sample_correction()
    {
        // n = 19 residuals −9..9: upper rank ⌈20 × 0.9⌉ = 18 → +8, lower rank ⌊20 × 0.1⌋ = 2 → −8.
        var residuals = Enumerable.Range(-9, 19).Select(r => (double)r).ToArray();
        var p50 = Enumerable.Repeat(500.0, residuals.Length).ToArray();
        var actual = residuals.Select(r => 500 + r).ToArray();
        var horizons = Enumerable.Repeat(3, residuals.Length).ToArray();

        var calibration = ConformalCalibration.Fit(actual, p50, horizons);

        Assert.Multiple(() =>
        {
            Assert.That(calibration.Buckets[0].LowerOffsetKw, Is.EqualTo(-8).Within(1e-9));
            Assert.That(calibration.Buckets[0].UpperOffsetKw, Is.EqualTo(8).Within(1e-9));
            Assert.That(calibration.Buckets[0].Count, Is.EqualTo(19));
            Assert.That(calibration.Apply(50, 3, isDaylight: true, CapacityKw), Is.EqualTo((42.0, 50.0, 58.0)));
        });
    }

    [Test]
    public void An_hour_forecast_at_many_leads_counts_once_in_the_finite_sample_correction()
    {
        // 12 hours with residuals −5.5 … 5.5, each forecast at ten leads. Twelve draws: upper rank ⌈13 × 0.9⌉ = 12 and
        // lower ⌊13 × 0.1⌋ = 1, the extremes ±5.5. Counted as 120 draws, ranks ⌈121 × 0.9⌉ = 109 and ⌊121 × 0.1⌋ = 12
        // would give ±4.5: an interval narrower than twelve hours can vouch for.
        const int leads = 10;
        var residuals = Enumerable.Range(0, 12).SelectMany(h => Enumerable.Repeat(h - 5.5, leads)).ToArray();
        var keys = Enumerable.Range(0, 12).SelectMany(h => Enumerable.Repeat((long)h, leads)).ToArray();
        var p50 = Enumerable.Repeat(500.0, residuals.Length).ToArray();
        var actual = residuals.Select(r => 500 + r).ToArray();
        var horizons = Enumerable.Repeat(3, residuals.Length).ToArray();

        var byHour = ConformalCalibration.Fit(actual, p50, horizons, hourKeys: keys);
        var byResidual = ConformalCalibration.Fit(actual, p50, horizons);

        Assert.Multiple(() =>
        {
            Assert.That((byHour.Buckets[0].LowerOffsetKw, byHour.Buckets[0].UpperOffsetKw), Is.EqualTo((-5.5, 5.5)));
            Assert.That((byResidual.Buckets[0].LowerOffsetKw, byResidual.Buckets[0].UpperOffsetKw), Is.EqualTo((-4.5, 4.5)));
            Assert.That(byHour.Buckets[0].Count, Is.EqualTo(120), "every residual is calibrated on");
        });
    }

    [Test]
    public void The_80_percent_interval_covers_78_to_82_percent_of_fresh_samples_in_every_bucket()
    {
        var random = new Random(20260101);
        var (actual, p50, horizons) = Sample(random, perBucket: 5000);
        var calibration = ConformalCalibration.Fit(actual, p50, horizons);

        for (var b = 0; b < SigmaKw.Length; b++)
        {
            var bucket = HorizonBucket.Defaults[b];
            var covered = 0;
            const int fresh = 20_000;
            for (var i = 0; i < fresh; i++)
            {
                var horizon = random.Next(bucket.FromHour, bucket.ToHour + 1);
                var forecast = 300 + 400 * random.NextDouble();
                var observed = forecast + SigmaKw[b] * random.NextGaussian();
                var (p10, _, p90) = calibration.Apply(forecast, horizon, isDaylight: true, CapacityKw);
                if (p10 <= observed && observed <= p90) covered++;
            }

            // For a normal residual the offsets approach ±z₀.₉ σ = ±1.2816 σ.
            Assert.Multiple(() =>
            {
                Assert.That(100.0 * covered / fresh, Is.InRange(78.0, 82.0), bucket.Label);
                Assert.That(calibration.Buckets[b].UpperOffsetKw, Is.EqualTo(1.2816 * SigmaKw[b]).Within(5).Percent, bucket.Label);
                Assert.That(calibration.Buckets[b].LowerOffsetKw, Is.EqualTo(-1.2816 * SigmaKw[b]).Within(5).Percent, bucket.Label);
            });
        }
    }

    [Test]
    public void Quantiles_stay_ordered_and_within_zero_and_capacity()
    {
        // A biased model: every residual is positive, so both offsets lie above p50.
        double[] actual = [510, 520, 530, 540, 550, 560, 570, 580, 590, 600];
        var p50 = Enumerable.Repeat(500.0, actual.Length).ToArray();
        var horizons = Enumerable.Repeat(10, actual.Length).ToArray();
        var biased = ConformalCalibration.Fit(actual, p50, horizons);

        var (sampleActual, sampleP50, sampleHorizons) = Sample(new Random(7), perBucket: 200);
        var unbiased = ConformalCalibration.Fit(sampleActual, sampleP50, sampleHorizons);

        foreach (var calibration in new[] { biased, unbiased })
        {
            foreach (var forecast in new[] { -50.0, 0, 5, 500, 995, 1000, 1200 })
            {
                foreach (var horizon in new[] { 1, 10, 30, 168 })
                {
                    var (p10, p50Out, p90) = calibration.Apply(forecast, horizon, isDaylight: true, CapacityKw);
                    Assert.That(new[] { 0, p10, p50Out, p90, CapacityKw }, Is.Ordered, $"p50 {forecast} kW at {horizon} h");
                }
            }
        }
    }

    [Test]
    public void Daylight_calibration_ignores_night_zeros_and_gives_night_hours_an_empty_interval()
    {
        // Solar: half the validation hours are night with residual exactly 0.
        var random = new Random(11);
        const int n = 4000;
        var actual = new double[n];
        var p50 = new double[n];
        var horizons = new int[n];
        var daylight = new bool[n];
        for (var i = 0; i < n; i++)
        {
            daylight[i] = i % 2 == 0;
            horizons[i] = 1 + i % 6;
            p50[i] = daylight[i] ? 400 : 0;
            actual[i] = daylight[i] ? 400 + 50 * random.NextGaussian() : 0;
        }

        var solar = ConformalCalibration.Fit(actual, p50, horizons, daylight);
        var pooled = ConformalCalibration.Fit(actual, p50, horizons);

        Assert.Multiple(() =>
        {
            Assert.That(solar.DaylightOnly, Is.True);
            Assert.That(solar.Buckets[0].Count, Is.EqualTo(n / 2));
            Assert.That(solar.Apply(0, 3, isDaylight: false, CapacityKw), Is.EqualTo((0.0, 0.0, 0.0)));
            // The night zeros pull the pooled quantiles in to about ±0.84 σ (the 20 % / 80 % points of the daylight
            // errors), against ±1.28 σ when calibrated on daylight alone.
            Assert.That(solar.Buckets[0].UpperOffsetKw, Is.EqualTo(1.2816 * 50).Within(7).Percent);
            Assert.That(pooled.Buckets[0].UpperOffsetKw, Is.LessThan(0.75 * solar.Buckets[0].UpperOffsetKw));
        });
    }

    [Test]
    public void A_bucket_without_validation_hours_borrows_the_nearest_calibrated_bucket()
    {
        var (actual, p50, horizons) = Sample(new Random(3), perBucket: 500);
        var shortOnly = Enumerable.Range(0, horizons.Length).Where(i => horizons[i] <= 24).ToArray();

        var calibration = ConformalCalibration.Fit(
            shortOnly.Select(i => actual[i]).ToArray(), shortOnly.Select(i => p50[i]).ToArray(), shortOnly.Select(i => horizons[i]).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(calibration.Buckets.Select(b => b.Count), Is.EqualTo(new[] { 500, 500, 0, 0 }));
            Assert.That(calibration.Buckets[2].UpperOffsetKw, Is.EqualTo(calibration.Buckets[1].UpperOffsetKw));
            Assert.That(calibration.Buckets[3].LowerOffsetKw, Is.EqualTo(calibration.Buckets[1].LowerOffsetKw));
        });
    }

    [Test]
    public void Custom_bucket_edges_are_kept_and_a_horizon_outside_them_is_rejected()
    {
        IReadOnlyList<HorizonBucket> buckets = [new(1, 24), new(25, 72)];
        var calibration = ConformalCalibration.Fit([10, 12, 20, 26], [11, 11, 22, 22], [1, 20, 30, 72], buckets: buckets);

        Assert.Multiple(() =>
        {
            Assert.That(calibration.Buckets.Select(b => (b.FromHour, b.ToHour)), Is.EqualTo(new[] { (1, 24), (25, 72) }));
            Assert.That(() => calibration.Apply(10, 73, isDaylight: true, CapacityKw), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => ConformalCalibration.Fit([1], [1], [1], buckets: [new(1, 10), new(5, 20)]), Throws.ArgumentException);
        });
    }

    [Test]
    public void Missing_actuals_or_forecasts_are_skipped_when_calibrating()
    {
        var calibration = ConformalCalibration.Fit([10, double.NaN, 30, 40], [11, 20, double.NaN, 41], [2, 2, 2, 2]);
        Assert.That(calibration.Buckets[0].Count, Is.EqualTo(2));
    }

    [Test]
    public void The_calibration_survives_a_json_round_trip()
    {
        double[] actual = [10, 20, 35, 50];
        double[] p50 = [12, 18, 30, 55];
        bool[] daylight = [true, true, true, false];
        var calibration = ConformalCalibration.Fit(actual, p50, [1, 8, 30, 60], daylight);

        var json = calibration.ToJson();
        var restored = ConformalCalibration.FromJson(json);

        Assert.Multiple(() =>
        {
            Assert.That(restored, Is.EqualTo(calibration));
            Assert.That(json, Does.Contain("\"daylightOnly\":true").And.Contain("\"lowerOffsetKw\""));
            Assert.That(() => ConformalCalibration.FromJson("""{"daylightOnly":false}"""), Throws.InstanceOf<System.Text.Json.JsonException>());
        });
    }

    [Test]
    public void Output_levels_keep_coverage_when_a_season_has_more_hours_at_full_output()
    {
        // A power curve's bounds make residuals one-sided: calm hours are over-forecast (actual 0), hours at rated power
        // under-forecast (actual = capacity). Calibrate on a calm season, test on a windy one.
        const double capacity = 1000;
        var random = new Random(11);
        var (calmActual, calmP50) = Season(random, calm: 0.6, rated: 0.1, n: 6000);
        var (windyActual, windyP50) = Season(random, calm: 0.1, rated: 0.6, n: 6000);
        var calibration = ConformalCalibration.Fit(calmActual, calmP50, Enumerable.Repeat(1, calmActual.Length).ToArray(),
            normaliseByCapacityKw: capacity);

        var covered = 0;
        for (var i = 0; i < windyActual.Length; i++)
        {
            var (p10, _, p90) = calibration.Apply(windyP50[i], 1, isDaylight: true, capacity);
            if (windyActual[i] >= p10 && windyActual[i] <= p90) covered++;
        }

        Assert.That(calibration.Buckets[0].Levels!.Select(l => l.Count), Has.All.GreaterThan(300));
        Assert.That(100.0 * covered / windyActual.Length, Is.InRange(77, 83));

        (double[] Actual, double[] P50) Season(Random r, double calm, double rated, int n)
        {
            var actual = new double[n];
            var p50 = new double[n];
            for (var i = 0; i < n; i++)
            {
                var u = r.NextDouble();
                if (u < calm) (actual[i], p50[i]) = (0, r.NextDouble() * 20);
                else if (u < calm + rated) (actual[i], p50[i]) = (capacity, capacity - r.NextDouble() * 20);
                else
                {
                    p50[i] = 100 + r.NextDouble() * 800;
                    actual[i] = Math.Clamp(p50[i] + 30 * r.NextGaussian(), 0, capacity);
                }
            }

            return (actual, p50);
        }
    }

    // Validation set: perBucket hours in each default bucket, residual ~ N(0, σ_bucket) around a mid-range p50.
    private static (double[] Actual, double[] P50, int[] Horizons) Sample(Random random, int perBucket)
    {
        var actual = new List<double>();
        var p50 = new List<double>();
        var horizons = new List<int>();
        for (var b = 0; b < SigmaKw.Length; b++)
        {
            var bucket = HorizonBucket.Defaults[b];
            for (var i = 0; i < perBucket; i++)
            {
                var forecast = 300 + 400 * random.NextDouble();
                p50.Add(forecast);
                actual.Add(forecast + SigmaKw[b] * random.NextGaussian());
                horizons.Add(random.Next(bucket.FromHour, bucket.ToHour + 1));
            }
        }

        return (actual.ToArray(), p50.ToArray(), horizons.ToArray());
    }
}
