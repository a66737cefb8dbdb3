using System.Text.Json;
using SolarSync.Modules.Shared.Forecasting;

namespace SolarSync.Tests.Shared.Forecasting;

public sealed class ForecastMetricsTests
{
    // Errors (pred − actual): 0, +2, −2, +3; squared 0, 4, 4, 9 → SSres = 17.
    private static readonly double[] Actual = [0, 10, 20, 30];
    private static readonly double[] Predicted = [0, 12, 18, 33];
    private const double CapacityKw = 50;

    [Test]
    public void Point_metrics_match_the_hand_computed_values()
    {
        var m = ForecastMetrics.Compute(Actual, Predicted, CapacityKw);

        // MAE = (0+2+2+3)/4 = 1.75; RMSE = sqrt(17/4) = 2.0615528; nMAE = 1.75/50 = 3.5 %; nRMSE = 4.1231056 %;
        // bias = (0+2−2+3)/4 = 0.75; mean actual 15, SStot = 225+25+25+225 = 500, R² = 1 − 17/500 = 0.966;
        // MAPE over actual ≥ 5 kW: (2/10 + 2/20 + 3/30)/3 = 13.333 %.
        Assert.Multiple(() =>
        {
            Assert.That(m.Mae, Is.EqualTo(1.75).Within(1e-12));
            Assert.That(m.Rmse, Is.EqualTo(2.0615528).Within(1e-7));
            Assert.That(m.NmaePct, Is.EqualTo(3.5).Within(1e-12));
            Assert.That(m.NrmsePct, Is.EqualTo(4.1231056).Within(1e-7));
            Assert.That(m.Bias, Is.EqualTo(0.75).Within(1e-12));
            Assert.That(m.R2, Is.EqualTo(0.966).Within(1e-12));
            Assert.That(m.MapePct, Is.EqualTo(13.333333).Within(1e-6));
            Assert.That(m.Count, Is.EqualTo(4));
            Assert.That(m.Skill, Is.NaN, "no reference given");
            Assert.That(m.Coverage80Pct, Is.NaN, "no bounds given");
            Assert.That(m.Width80Kw, Is.NaN, "no bounds given");
        });
    }

    [Test]
    public void Mape_leaves_out_hours_below_ten_percent_of_capacity()
    {
        // Threshold 5 kW: the 2 and 4 kW hours (100 % error each) are left out;
        // 5 kW: |6−5|/5 = 20 %, 40 kW: |42−40|/40 = 5 % → 12.5 %.
        var m = ForecastMetrics.Compute([2, 4, 5, 40], [4, 8, 6, 42], CapacityKw);
        Assert.That(m.MapePct, Is.EqualTo(12.5).Within(1e-12));
    }

    [Test]
    public void Mape_is_undefined_when_no_hour_reaches_the_threshold()
    {
        var m = ForecastMetrics.Compute([0, 1, 4.99], [1, 2, 3], CapacityKw);
        Assert.Multiple(() =>
        {
            Assert.That(m.MapePct, Is.NaN);
            Assert.That(m.Mae, Is.EqualTo(3.99 / 3).Within(1e-12));
        });
    }

    [Test]
    public void Hours_with_a_missing_actual_or_prediction_are_skipped()
    {
        // Used hours: (0,0), (10,12), (30,33) → errors 0, 2, 3: MAE 5/3, RMSE sqrt(13/3).
        double[] actual = [0, double.NaN, 10, 20, 30];
        double[] predicted = [0, 5, 12, double.NaN, 33];

        var m = ForecastMetrics.Compute(actual, predicted, CapacityKw);

        Assert.Multiple(() =>
        {
            Assert.That(m.Count, Is.EqualTo(3));
            Assert.That(m.Mae, Is.EqualTo(5.0 / 3).Within(1e-12));
            Assert.That(m.Rmse, Is.EqualTo(Math.Sqrt(13.0 / 3)).Within(1e-12));
            Assert.That(m, Is.EqualTo(ForecastMetrics.Compute([0, 10, 30], [0, 12, 33], CapacityKw)));
        });
    }

    [Test]
    public void Skill_is_one_minus_the_rmse_ratio_to_the_reference()
    {
        // Reference errors 0, +4, −4, +6 → SS 68; skill = 1 − sqrt(17/68) = 1 − 0.5 = 0.5.
        var m = ForecastMetrics.Compute(Actual, Predicted, CapacityKw, referenceKw: [0, 14, 16, 36]);
        Assert.That(m.Skill, Is.EqualTo(0.5).Within(1e-12));
    }

    [Test]
    public void Skill_compares_model_and_reference_on_the_same_hours()
    {
        // The reference cannot predict the last hour, so both are scored on the first three:
        // model SS 0+4+4 = 8, reference SS 0+16+16 = 32 → 1 − sqrt(8/32) = 0.5.
        // (Model RMSE over four hours against the reference over three would give 1 − sqrt(4.25/10.667) = 0.369.)
        var m = ForecastMetrics.Compute(Actual, Predicted, CapacityKw, referenceKw: [0, 14, 16, double.NaN]);
        Assert.Multiple(() =>
        {
            Assert.That(m.Skill, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(m.Count, Is.EqualTo(4), "the point metrics still use every hour the model has");
        });
    }

    [Test]
    public void A_forecast_worse_than_the_reference_has_negative_skill()
    {
        // The model is the reference of the test above and vice versa: 1 − sqrt(68/17) = 1 − 2 = −1.
        var m = ForecastMetrics.Compute(Actual, [0, 14, 16, 36], CapacityKw, referenceKw: Predicted);
        Assert.That(m.Skill, Is.EqualTo(-1).Within(1e-12));
    }

    [Test]
    public void Coverage_and_width_come_from_the_interval_bounds()
    {
        // 0 ∈ [0,1] yes; 10 ∈ [11,13] no; 20 ∈ [15,25] yes; 30 ∈ [25,29] no → 50 %.
        // Widths 1, 2, 10, 4 → 4.25 kW.
        var m = ForecastMetrics.Compute(Actual, Predicted, CapacityKw, lowerKw: [0, 11, 15, 25], upperKw: [1, 13, 25, 29]);
        Assert.Multiple(() =>
        {
            Assert.That(m.Coverage80Pct, Is.EqualTo(50).Within(1e-12));
            Assert.That(m.Width80Kw, Is.EqualTo(4.25).Within(1e-12));
        });
    }

    [Test]
    public void R2_is_undefined_when_the_actuals_are_constant()
    {
        var m = ForecastMetrics.Compute([5, 5, 5], [4, 5, 6], CapacityKw);
        Assert.Multiple(() =>
        {
            Assert.That(m.R2, Is.NaN);
            Assert.That(m.Rmse, Is.EqualTo(Math.Sqrt(2.0 / 3)).Within(1e-12));
        });
    }

    [Test]
    public void No_usable_hour_gives_an_empty_set_rather_than_zeros()
    {
        var m = ForecastMetrics.Compute([double.NaN, 3], [1, double.NaN], CapacityKw);
        Assert.That(m, Is.EqualTo(MetricSet.Empty));
    }

    [Test]
    public void Misaligned_series_are_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => ForecastMetrics.Compute([1, 2], [1], CapacityKw), Throws.ArgumentException);
            Assert.That(() => ForecastMetrics.Compute([1, 2], [1, 2], CapacityKw, referenceKw: [1]), Throws.ArgumentException);
            Assert.That(() => ForecastMetrics.Compute([1, 2], [1, 2], CapacityKw, lowerKw: [0, 0]), Throws.ArgumentException);
            Assert.That(() => ForecastMetrics.Compute([1, 2], [1, 2], 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void The_json_dictionary_has_the_report_keys_in_order_with_null_for_undefined()
    {
        var m = new MetricSet(Mae: 1.5, Rmse: 2, NmaePct: 3, NrmsePct: 4, MapePct: double.NaN, R2: 0.5, Skill: double.NaN,
            Coverage80Pct: 80, Width80Kw: 10, Count: 4, Bias: 0.25);

        var json = JsonSerializer.Serialize(m.ToJsonDictionary());

        Assert.That(json, Is.EqualTo(
            """{"mae":1.5,"rmse":2,"nmae":3,"nrmse":4,"mape":null,"r2":0.5,"skill":null,"coverage80":80,"width80":10}"""));
    }

    [Test]
    public void Metrics_by_horizon_give_one_set_per_bucket_in_bucket_order()
    {
        // Horizons 1 and 5 → 1-6h (errors 1, 3: MAE 2); 7 → 7-24h; 30 → 25-48h; 100 → 49-168h; 200 is in no bucket.
        double[] actual = [10, 10, 10, 10, 10, 10];
        double[] predicted = [11, 13, 14, 15, 16, 99];
        int[] horizons = [1, 5, 7, 30, 100, 200];

        var byHorizon = ForecastMetrics.MetricsByHorizon(actual, predicted, horizons, CapacityKw);

        Assert.Multiple(() =>
        {
            Assert.That(byHorizon.Keys, Is.EqualTo(new[] { "1-6h", "7-24h", "25-48h", "49-168h" }));
            Assert.That(byHorizon.Values.Select(m => m.Count), Is.EqualTo(new[] { 2, 1, 1, 1 }));
            Assert.That(byHorizon.Values.Select(m => m.Mae), Is.EqualTo(new[] { 2.0, 4, 5, 6 }).Within(1e-12));
        });
    }

    [Test]
    public void Metrics_by_horizon_pass_reference_and_bounds_through_to_each_bucket()
    {
        double[] actual = [10, 10, 10, 10];
        double[] predicted = [11, 12, 10, 14];
        double[] reference = [12, 14, 12, 12];
        int[] horizons = [2, 3, 10, 60];
        double[] lower = [9, 11, 9, 9];
        double[] upper = [11, 13, 11, 11];
        IReadOnlyList<HorizonBucket> buckets = [new(1, 6), new(7, 24), new(25, 48)];

        var byHorizon = ForecastMetrics.MetricsByHorizon(actual, predicted, horizons, CapacityKw, reference, lower, upper, buckets);

        // 1-6h: model errors 1, 2 (SS 5), reference 2, 4 (SS 20) → skill 1 − sqrt(5/20) = 0.5; covered 1 of 2.
        // 7-24h: model perfect → skill 1. 25-48h: no hours. The 60 h hour is in no bucket.
        Assert.Multiple(() =>
        {
            Assert.That(byHorizon["1-6h"].Skill, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(byHorizon["1-6h"].Coverage80Pct, Is.EqualTo(50).Within(1e-12));
            Assert.That(byHorizon["7-24h"].Skill, Is.EqualTo(1).Within(1e-12));
            Assert.That(byHorizon["25-48h"], Is.EqualTo(MetricSet.Empty));
        });
    }
}
