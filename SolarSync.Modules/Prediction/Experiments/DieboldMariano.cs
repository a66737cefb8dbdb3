namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>The Diebold–Mariano test of a loss differential: its mean, the statistic, the two-sided p-value, the periods and the lag.</summary>
internal sealed record DieboldMarianoResult(double MeanDifferential, double Statistic, double PValue, int Periods, int Lag);

/// <summary>
/// Diebold–Mariano on a time-ordered loss differential d_t = L(champion) − L(challenger), one term per period (a day):
/// DM = mean(d) / sqrt(V / T), V the Newey–West (Bartlett kernel) long-run variance with lag max(⌊T^(1/3)⌋, h − 1),
/// since errors of forecasts h periods ahead overlap h − 1 periods (Diebold &amp; Mariano 1995). With the few periods
/// an experiment has, the normal approximation declares winners too often; the statistic is scaled by the Harvey,
/// Leybourne &amp; Newbold (1997) factor sqrt((T + 1 − 2h + h(h − 1)/T) / T) and its two-sided p-value read from
/// Student's t with T − 1 degrees of freedom.
/// </summary>
internal static class DieboldMariano
{
    public static DieboldMarianoResult Test(IReadOnlyList<double> differential, int horizonPeriods = 1)
    {
        var t = differential.Count;
        if (t < 2) return new DieboldMarianoResult(t == 1 ? differential[0] : 0, 0, 1, t, 0);
        var mean = differential.Average();
        var h = Math.Max(1, horizonPeriods);
        var lag = Math.Min(t - 1, Math.Max(h - 1, (int)Math.Floor(Math.Cbrt(t))));
        var variance = Autocovariance(differential, mean, 0);
        for (var k = 1; k <= lag; k++)
            variance += 2 * (1 - k / (lag + 1.0)) * Autocovariance(differential, mean, k);
        if (variance <= 0) return new DieboldMarianoResult(mean, 0, mean == 0 ? 1 : 0, t, lag);
        var correction = Math.Sqrt(Math.Max(0, t + 1 - 2 * h + h * (h - 1.0) / t) / t);
        var statistic = correction * mean / Math.Sqrt(variance / t);
        return new DieboldMarianoResult(mean, statistic, StudentT.TwoSidedPValue(statistic, t - 1), t, lag);
    }

    private static double Autocovariance(IReadOnlyList<double> d, double mean, int k)
    {
        var sum = 0.0;
        for (var i = k; i < d.Count; i++) sum += (d[i] - mean) * (d[i - k] - mean);
        return sum / d.Count;
    }
}

/// <summary>Student's t distribution.</summary>
internal static class StudentT
{
    /// <summary>P(|T| ≥ |t|) for T with ν degrees of freedom: the regularised incomplete beta I_x(ν/2, 1/2) at x = ν / (ν + t²).</summary>
    public static double TwoSidedPValue(double t, double degreesOfFreedom) =>
        double.IsInfinity(t) ? 0 : IncompleteBeta.Regularised(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
}

/// <summary>The regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz; Press et al., Numerical Recipes §6.4).</summary>
internal static class IncompleteBeta
{
    public static double Regularised(double a, double b, double x)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        // The fraction converges fast for x below (a + 1) / (a + b + 2); above it, by the symmetry I_x(a, b) = 1 − I_(1−x)(b, a).
        return x < (a + 1) / (a + b + 2) ? front * ContinuedFraction(a, b, x) / a : 1 - front * ContinuedFraction(b, a, 1 - x) / b;
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300, epsilon = 1e-14;
        var c = 1.0;
        var d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.Abs(d) < tiny ? tiny : d);
        var result = d;
        void Step(double term)
        {
            d = 1 + term * d;
            d = 1 / (Math.Abs(d) < tiny ? tiny : d);
            c = 1 + term / c;
            if (Math.Abs(c) < tiny) c = tiny;
            result *= d * c;
        }

        for (var m = 1; m <= 300; m++)
        {
            // Even step d_2m = m(b − m)x / ((a + 2m − 1)(a + 2m)), odd step d_2m+1 = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            Step(m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)));
            Step(-(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)));
            if (Math.Abs(d * c - 1) < epsilon) break;
        }

        return result;
    }

    // Lanczos approximation (g = 7, 9 coefficients), accurate to ~15 digits for x > 0.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
