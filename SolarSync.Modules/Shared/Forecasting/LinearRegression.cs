namespace SolarSync.Modules.Shared.Forecasting;

/// <summary>
/// Ridge-regularised ordinary least squares, y ≈ intercept + Σ coefficient_j x_j (or through the origin): the linear
/// baseline of evaluation and the fit of a plant's calibrated physics. Rows are hours, columns features; a row with
/// any NaN (feature or target) is skipped when fitting and predicts NaN.
/// </summary>
public sealed class LinearRegression
{
    private readonly double[] _coefficients;

    private LinearRegression(double intercept, double[] coefficients, int rowsUsed)
    {
        Intercept = intercept;
        _coefficients = coefficients;
        RowsUsed = rowsUsed;
    }

    public double Intercept { get; }

    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>Training rows left after skipping those with NaN.</summary>
    public int RowsUsed { get; }

    /// <summary>
    /// Minimises Σ (y − intercept − x·β)² + <paramref name="ridge"/> ‖β‖² (the intercept is not penalised) through the
    /// normal equations, solved by Cholesky. The small default ridge keeps the system positive definite when
    /// features are collinear (e.g. a lag that equals another lag on a flat series) at a negligible bias.
    /// Without <paramref name="intercept"/> the line goes through the origin (nothing is centred).
    /// </summary>
    public static LinearRegression Fit(double[,] x, double[] y, double ridge = 1e-6, bool intercept = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(ridge >= 0)) throw new ArgumentOutOfRangeException(nameof(ridge), "The ridge term must be zero or positive.");
        var rows = x.GetLength(0);
        var features = x.GetLength(1);
        if (y.Length != rows) throw new ArgumentException($"Expected {rows} targets, one per row, got {y.Length}.", nameof(y));

        var used = new List<int>(rows);
        for (var i = 0; i < rows; i++)
        {
            if (!double.IsNaN(y[i]) && !RowHasNaN(x, i)) used.Add(i);
        }

        if (used.Count == 0) throw new ArgumentException("No row without NaN to fit on.", nameof(x));

        // Centring the columns and the target removes the intercept from the system, which is what leaves it
        // unpenalised, and keeps the normal equations well conditioned when features sit far from zero (kW, W/m²).
        var meanX = new double[features];
        var meanY = 0.0;
        foreach (var i in used)
        {
            meanY += y[i];
            for (var j = 0; j < features; j++) meanX[j] += x[i, j];
        }

        meanY = intercept ? meanY / used.Count : 0;
        for (var j = 0; j < features; j++) meanX[j] = intercept ? meanX[j] / used.Count : 0;

        // Normal equations (XcᵀXc + λI) β = Xcᵀ yc; only the lower triangle is filled, Cholesky reads nothing else.
        var gram = new double[features, features];
        var rhs = new double[features];
        var centred = new double[features];
        foreach (var i in used)
        {
            for (var j = 0; j < features; j++) centred[j] = x[i, j] - meanX[j];
            var yc = y[i] - meanY;
            for (var j = 0; j < features; j++)
            {
                rhs[j] += centred[j] * yc;
                for (var k = 0; k <= j; k++) gram[j, k] += centred[j] * centred[k];
            }
        }

        for (var j = 0; j < features; j++) gram[j, j] += ridge;

        var beta = SolveCholesky(gram, rhs);
        var offset = meanY;
        for (var j = 0; j < features; j++) offset -= beta[j] * meanX[j];
        return new LinearRegression(offset, beta, used.Count);
    }

    /// <summary>One prediction per row; NaN for a row with any NaN feature.</summary>
    public double[] Predict(double[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.GetLength(1) != _coefficients.Length)
        {
            throw new ArgumentException($"The model has {_coefficients.Length} features, the matrix {x.GetLength(1)} columns.", nameof(x));
        }

        var predicted = new double[x.GetLength(0)];
        for (var i = 0; i < predicted.Length; i++)
        {
            var sum = Intercept;
            for (var j = 0; j < _coefficients.Length; j++) sum += _coefficients[j] * x[i, j];
            predicted[i] = sum; // A NaN feature propagates.
        }

        return predicted;
    }

    private static bool RowHasNaN(double[,] x, int row)
    {
        for (var j = 0; j < x.GetLength(1); j++)
        {
            if (double.IsNaN(x[row, j])) return true;
        }

        return false;
    }

    // A = L Lᵀ (Cholesky–Banachiewicz, row by row), then L z = b forward and Lᵀ β = z backward. A is read from its
    // lower triangle and overwritten by L.
    private static double[] SolveCholesky(double[,] a, double[] b)
    {
        var n = b.Length;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++) sum -= a[i, k] * a[j, k];
                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        throw new InvalidOperationException(
                            "The normal equations are not positive definite: a feature is constant or collinear with others; use a ridge term.");
                    }

                    a[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    a[i, j] = sum / a[j, j];
                }
            }
        }

        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++) sum -= a[i, k] * z[k];
            z[i] = sum / a[i, i];
        }

        var beta = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = z[i];
            for (var k = i + 1; k < n; k++) sum -= a[k, i] * beta[k];
            beta[i] = sum / a[i, i];
        }

        return beta;
    }
}
