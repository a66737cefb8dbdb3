using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Models.Intervals;

public sealed class AdaptiveIntervalsTests
{
    private const int Horizon = 24;
    private const double Capacity = 1000;

    [Test]
    public void Intervals_too_narrow_for_a_noisier_period_widen_until_about_80_percent_are_covered()
    {
        // Calibrated for noise σ = 50 (±1.2816σ covers 80 %), but the test period has σ = 100: unadapted coverage ≈ 48 %.
        var (actual, p10, p50, p90) = Period(new Random(3), sigma: 100, calibratedSigma: 50, samples: 400);
        var counted = Enumerable.Repeat(true, actual.Length).ToArray();

        var (lower, upper) = AdaptiveIntervals.Apply(actual, p10, p50, p90, counted, Horizon, Capacity);

        Assert.That(Coverage(actual, p10, p90, from: 0), Is.LessThan(55));
        Assert.That(Coverage(actual, lower, upper, from: actual.Length / 2), Is.InRange(76, 84));
    }

    [Test]
    public void Uncounted_hours_keep_their_interval_and_do_not_steer_the_width()
    {
        var (actual, p10, p50, p90) = Period(new Random(4), sigma: 100, calibratedSigma: 50, samples: 50);
        var none = new bool[actual.Length];

        var (lower, upper) = AdaptiveIntervals.Apply(actual, p10, p50, p90, none, Horizon, Capacity);

        Assert.That(lower, Is.EqualTo(p10).Within(1e-9));
        Assert.That(upper, Is.EqualTo(p90).Within(1e-9));
    }

    /// <summary>
    /// A week in which every hour missed (a failed meter) takes the width to its bound of 5, not to e^(0.48·7) ≈ 29; from
    /// there, full coverage brings it back to 1 within ln 5 / 0.12 ≈ 13.4 days.
    /// </summary>
    [Test]
    public void The_width_stays_within_a_fifth_and_five_times_the_calibrated_one_and_recovers_from_a_bad_week_in_two()
    {
        var width = 1.0;
        for (var day = 0; day < 7; day++) width = AdaptiveIntervals.NextWidth(width, hours: 24, misses: 24);
        var afterBadWeek = width;
        var days = 0;
        while (width > 1) { width = AdaptiveIntervals.NextWidth(width, hours: 24, misses: 0); days++; }
        var narrowest = 1.0;
        for (var day = 0; day < 60; day++) narrowest = AdaptiveIntervals.NextWidth(narrowest, hours: 24, misses: 0);

        Assert.Multiple(() =>
        {
            Assert.That(afterBadWeek, Is.EqualTo(AdaptiveIntervals.MaxFactor));
            Assert.That(days, Is.EqualTo(14));
            Assert.That(narrowest, Is.EqualTo(1 / AdaptiveIntervals.MaxFactor));
            Assert.That(AdaptiveIntervals.NextWidth(2, hours: 0, misses: 0), Is.EqualTo(2), "a period without verified hours changes nothing");
        });
    }

    private static (double[] Actual, double[] P10, double[] P50, double[] P90) Period(Random random, double sigma, double calibratedSigma, int samples)
    {
        var n = samples * Horizon;
        var (actual, p10, p50, p90) = (new double[n], new double[n], new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            p50[i] = 500;
            actual[i] = 500 + sigma * random.NextGaussian();
            (p10[i], p90[i]) = (500 - 1.2816 * calibratedSigma, 500 + 1.2816 * calibratedSigma);
        }

        return (actual, p10, p50, p90);
    }

    private static double Coverage(double[] actual, double[] lower, double[] upper, int from)
    {
        var covered = 0;
        for (var i = from; i < actual.Length; i++)
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) covered++;
        return 100.0 * covered / (actual.Length - from);
    }
}
