using SolarSync.Modules.Shared.Forecasting;

namespace SolarSync.Tests.Shared.Forecasting;

public sealed class LinearRegressionTests
{
    [Test]
    public void Fit_recovers_the_coefficients_of_noise_free_data()
    {
        // y = 2 + 3 x1 − x2, with x2 = i² mod 7 so the two features are not collinear.
        const int rows = 30;
        var x = new double[rows, 2];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            x[i, 0] = i;
            x[i, 1] = i * i % 7;
            y[i] = 2 + 3 * x[i, 0] - x[i, 1];
        }

        var model = LinearRegression.Fit(x, y);

        // The default ridge 1e-6 against Σ(x − x̄)² in the hundreds biases the slopes by under 1e-8.
        Assert.Multiple(() =>
        {
            Assert.That(model.Intercept, Is.EqualTo(2).Within(1e-6));
            Assert.That(model.Coefficients, Is.EqualTo(new[] { 3.0, -1.0 }).Within(1e-6));
            Assert.That(model.Predict(new double[,] { { 100, 4 }, { -5, 0.5 } }), Is.EqualTo(new[] { 298.0, -13.5 }).Within(1e-5));
        });
    }

    [Test]
    public void Without_intercept_the_fit_goes_through_the_origin()
    {
        // y = 3 x1 − x2 + 5: forced through the origin the fit cannot find the 5, so it differs from the free fit.
        const int rows = 30;
        var x = new double[rows, 2];
        var (throughOrigin, offset) = (new double[rows], new double[rows]);
        for (var i = 0; i < rows; i++)
        {
            (x[i, 0], x[i, 1]) = (i, i * i % 7);
            throughOrigin[i] = 3 * x[i, 0] - x[i, 1];
            offset[i] = throughOrigin[i] + 5;
        }

        var exact = LinearRegression.Fit(x, throughOrigin, intercept: false);
        var forced = LinearRegression.Fit(x, offset, intercept: false);
        Assert.Multiple(() =>
        {
            Assert.That(exact.Intercept, Is.Zero);
            Assert.That(exact.Coefficients, Is.EqualTo(new[] { 3.0, -1.0 }).Within(1e-6));
            Assert.That(forced.Intercept, Is.Zero);
            Assert.That(forced.Coefficients[0], Is.Not.EqualTo(3.0).Within(1e-3));
        });
    }

    [Test]
    public void Rows_with_NaN_are_skipped_when_fitting_and_predict_NaN()
    {
        // y = 1 + 2x on four good rows; a row with a NaN feature and one with a NaN target carry wild values.
        var x = new double[,] { { 0 }, { 1 }, { double.NaN }, { 2 }, { 3 }, { 4 } };
        double[] y = [1, 3, 1000, double.NaN, 7, 9];

        var model = LinearRegression.Fit(x, y);

        Assert.Multiple(() =>
        {
            Assert.That(model.RowsUsed, Is.EqualTo(4));
            Assert.That(model.Intercept, Is.EqualTo(1).Within(1e-6));
            Assert.That(model.Coefficients[0], Is.EqualTo(2).Within(1e-6));
            Assert.That(model.Predict(new double[,] { { double.NaN }, { 10 } }), Is.EqualTo(new[] { double.NaN, 21 }).Within(1e-5));
        });
    }

    [Test]
    public void The_ridge_term_shrinks_the_slopes_but_not_the_intercept()
    {
        // x = [−1, 1], y = [0, 2]: centred Σx·y = 2, Σx² = 2 → slope 2/(2 + λ) = 0.5 for λ = 2;
        // the intercept stays at ȳ − slope·x̄ = 1 (OLS would give slope 1, intercept 1).
        var model = LinearRegression.Fit(new double[,] { { -1 }, { 1 } }, [0, 2], ridge: 2);

        Assert.Multiple(() =>
        {
            Assert.That(model.Coefficients[0], Is.EqualTo(0.5).Within(1e-12));
            Assert.That(model.Intercept, Is.EqualTo(1).Within(1e-12));
        });
    }

    [Test]
    public void A_constant_feature_needs_the_ridge_term_and_then_gets_a_zero_coefficient()
    {
        var x = new double[,] { { 0, 5 }, { 1, 5 }, { 2, 5 } };
        double[] y = [1, 3, 5];

        var model = LinearRegression.Fit(x, y);

        Assert.Multiple(() =>
        {
            Assert.That(() => LinearRegression.Fit(x, y, ridge: 0), Throws.InvalidOperationException);
            Assert.That(model.Coefficients, Is.EqualTo(new[] { 2.0, 0.0 }).Within(1e-6));
            Assert.That(model.Intercept, Is.EqualTo(1).Within(1e-6));
        });
    }

    [Test]
    public void Predict_rejects_a_matrix_with_a_different_number_of_features()
    {
        var model = LinearRegression.Fit(new double[,] { { 0 }, { 1 } }, [0, 1]);
        Assert.That(() => model.Predict(new double[,] { { 1, 2 } }), Throws.ArgumentException);
    }
}
