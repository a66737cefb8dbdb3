using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Models.Intervals;

/// <summary>Normalised calibration: residuals scaled by the error scale at each forecast, so widths follow the regime.</summary>
public sealed class ConformalNormalisationTests
{
    private const double Capacity = 2000;

    /// <summary>Forecasts across the range with errors ~ N(0, 0.4 × error scale): small near 0 and capacity, large mid-range.</summary>
    private static (double[] Actual, double[] P50, int[] Horizon) Heteroscedastic(int n, int seed)
    {
        var random = new Random(seed);
        var actual = new double[n];
        var p50 = new double[n];
        for (var i = 0; i < n; i++)
        {
            p50[i] = random.NextDouble() * Capacity;
            var normal = random.NextGaussian();
            actual[i] = p50[i] + 0.4 * ConformalCalibration.ErrorScaleKw(p50[i], Capacity) * normal;
        }
        return (actual, p50, Enumerable.Repeat(1, n).ToArray());
    }

    private static double Coverage(ConformalCalibration calibration, double[] actual, double[] p50, Func<double, bool> inRange)
    {
        int covered = 0, total = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (!inRange(p50[i] / Capacity)) continue;
            var (p10, _, p90) = calibration.Apply(p50[i], 1, isDaylight: true, Capacity);
            total++;
            if (actual[i] >= p10 && actual[i] <= p90) covered++;
        }
        return 100.0 * covered / total;
    }

    [Test]
    public void Normalised_intervals_cover_80_percent_in_calm_and_in_busy_regimes_alike()
    {
        var (actual, p50, horizon) = Heteroscedastic(20_000, seed: 1);
        var calibration = ConformalCalibration.Fit(actual, p50, horizon, normaliseByCapacityKw: Capacity);
        var (freshActual, freshP50, _) = Heteroscedastic(40_000, seed: 2);

        // Ranges where the interval stays inside [0, capacity], so the clip does not cut coverage.
        bool Low(double p) => p is > 0.1 and < 0.2;
        bool Mid(double p) => p is > 0.4 and < 0.6;
        Assert.Multiple(() =>
        {
            Assert.That(Coverage(calibration, freshActual, freshP50, Low), Is.InRange(76.0, 84.0));
            Assert.That(Coverage(calibration, freshActual, freshP50, Mid), Is.InRange(76.0, 84.0));
        });
    }

    [Test]
    public void Absolute_intervals_on_the_same_data_over_cover_calm_hours_and_under_cover_busy_ones()
    {
        // The reason for normalising: one absolute width is too wide near zero and too narrow mid-range.
        var (actual, p50, horizon) = Heteroscedastic(20_000, seed: 1);
        var calibration = ConformalCalibration.Fit(actual, p50, horizon);
        var (freshActual, freshP50, _) = Heteroscedastic(40_000, seed: 2);

        Assert.Multiple(() =>
        {
            Assert.That(Coverage(calibration, freshActual, freshP50, p => p is > 0.1 and < 0.2), Is.GreaterThan(88.0));
            Assert.That(Coverage(calibration, freshActual, freshP50, p => p is > 0.4 and < 0.6), Is.LessThan(76.0));
        });
    }

    [Test]
    public void A_normalised_calibration_survives_a_json_round_trip()
    {
        var (actual, p50, horizon) = Heteroscedastic(2_000, seed: 3);
        var calibration = ConformalCalibration.Fit(actual, p50, horizon, normaliseByCapacityKw: Capacity);
        var reloaded = ConformalCalibration.FromJson(calibration.ToJson());
        Assert.That(reloaded, Is.EqualTo(calibration));
        Assert.That(reloaded.Apply(900, 1, true, Capacity), Is.EqualTo(calibration.Apply(900, 1, true, Capacity)));
    }
}
