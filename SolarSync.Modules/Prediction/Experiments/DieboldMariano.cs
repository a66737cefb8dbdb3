namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>The Diebold–Mariano test of a loss differential: its mean, the statistic and the two-sided p-value.</summary>
internal sealed record DieboldMarianoResult(double MeanDifferential, double Statistic, double PValue, int Periods, int Lag);

/// <summary>
/// Diebold–Mariano on a time-ordered loss differential d_t = L(champion) − L(challenger): DM = mean(d) / sqrt(V / T),
/// V the Newey–West (Bartlett kernel) long-run variance with lag floor(T^(1/3)), so overlapping forecasts' correlated
/// errors do not make the test over-confident; the p-value is two-sided from the standard normal.
/// </summary>
internal static class DieboldMariano
{
    public static DieboldMarianoResult Test(IReadOnlyList<double> differential)
    {
        var t = differential.Count;
        if (t < 2) return new DieboldMarianoResult(t == 1 ? differential[0] : 0, 0, 1, t, 0);
        var mean = differential.Average();
        var lag = Math.Min(t - 1, (int)Math.Floor(Math.Cbrt(t)));
        var variance = Autocovariance(differential, mean, 0);
        for (var k = 1; k <= lag; k++)
            variance += 2 * (1 - k / (lag + 1.0)) * Autocovariance(differential, mean, k);
        if (variance <= 0) return new DieboldMarianoResult(mean, 0, mean == 0 ? 1 : 0, t, lag);
        var statistic = mean / Math.Sqrt(variance / t);
        return new DieboldMarianoResult(mean, statistic, 2 * StandardNormal.UpperTail(Math.Abs(statistic)), t, lag);
    }

    private static double Autocovariance(IReadOnlyList<double> d, double mean, int k)
    {
        var sum = 0.0;
        for (var i = k; i < d.Count; i++) sum += (d[i] - mean) * (d[i - k] - mean);
        return sum / d.Count;
    }
}

/// <summary>Tail of the standard normal distribution.</summary>
internal static class StandardNormal
{
    /// <summary>P(Z &gt; z), from the complementary error function.</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    // Abramowitz & Stegun 7.1.26: erf(x) = 1 − (a1 t + … + a5 t⁵) e^(−x²), t = 1 / (1 + p x), absolute error below 1.5e-7.
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * z);
        var r = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-z * z);
        return x >= 0 ? r : 2 - r;
    }
}
