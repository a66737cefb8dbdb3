using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain;
using static SolarSync.Tests.Features.FeatureTestData;

namespace SolarSync.Tests.Features;

public sealed class FeatureScalerTests
{
    private const int Lookback = 48;
    private const int Horizon = 24;

    private readonly FeatureBuilder builder = new();

    [Test]
    public void Scaling_a_very_different_test_set_uses_the_training_statistics_and_leaves_them_unchanged()
    {
        var train = Samples(Series(SolarSite, days: 20));
        var test = Samples(Scaled(Series(SolarSite, days: 20, seed: 9), 10));
        var scaler = FeatureScaler.Fit(train);
        var fitted = scaler.ToJson();
        var ghi = train.EncoderColumn("ghi");
        var trainMean = scaler.Encoder[ghi].Mean;

        var scaled = scaler.Apply(test);

        var rawValue = test.Encoder[5 * test.EncoderWidth + ghi];
        Assert.Multiple(() =>
        {
            Assert.That(scaler.ToJson(), Is.EqualTo(fitted), "applying must not refit");
            Assert.That(scaler.Encoder[ghi].Mean, Is.EqualTo(trainMean));
            Assert.That(FeatureScaler.Fit(test).Encoder[ghi].Mean, Is.GreaterThan(5 * trainMean), "the test set really differs");
            Assert.That(scaled.Encoder[5 * test.EncoderWidth + ghi],
                Is.EqualTo((rawValue - trainMean) / scaler.Encoder[ghi].Std).Within(1e-4));
        });
    }

    [Test]
    public void Standardised_training_columns_have_mean_0_and_std_1()
    {
        var train = Samples(Series(WindSite, days: 20), WindSite);
        var scaled = FeatureScaler.Fit(train).Apply(train);
        var column = train.EncoderColumn("hub_speed");

        var values = Enumerable.Range(0, scaled.Count * Lookback).Select(r => (double)scaled.Encoder[r * scaled.EncoderWidth + column]).ToArray();
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(0).Within(1e-4));
            Assert.That(std, Is.EqualTo(1).Within(1e-4));
        });
    }

    [Test]
    public void Power_features_stay_on_the_capacity_scale_and_missing_values_become_0()
    {
        var train = Samples(Series(SolarSite, days: 20));
        var scaler = FeatureScaler.Fit(train);
        var scaled = scaler.Apply(train);
        var lag = train.EncoderColumn("power_lag_24h");

        Assert.Multiple(() =>
        {
            Assert.That(scaler.Encoder[lag], Is.EqualTo(new FeatureScale("power_lag_24h", 0, 1)));
            for (var i = lag; i < train.Encoder.Length; i += train.EncoderWidth)
            {
                var raw = train.Encoder[i];
                Assert.That(scaled.Encoder[i], Is.EqualTo(float.IsNaN(raw) ? 0 : raw));
            }

            Assert.That(train.Encoder, Has.Some.NaN, "the training data has gaps");
            Assert.That(scaled.Encoder, Has.None.NaN);
            Assert.That(scaled.Decoder, Has.None.NaN);
            Assert.That(scaled.Target, Is.SameAs(train.Target));
        });
    }

    [Test]
    public void A_json_round_trip_gives_bit_identical_output()
    {
        var train = Samples(Series(SolarSite, days: 20));
        var test = Samples(Series(SolarSite, days: 20, seed: 5));
        var scaler = FeatureScaler.Fit(train);

        var restored = FeatureScaler.FromJson(scaler.ToJson());

        var direct = scaler.Apply(test);
        var roundTripped = restored.Apply(test);
        Assert.Multiple(() =>
        {
            Assert.That(restored.Encoder, Is.EqualTo(scaler.Encoder));
            Assert.That(restored.Decoder, Is.EqualTo(scaler.Decoder));
            Assert.That(ChangedColumns(direct.Encoder, roundTripped.Encoder, test.EncoderFeatures), Is.Empty);
            Assert.That(ChangedColumns(direct.Decoder, roundTripped.Decoder, test.DecoderFeatures), Is.Empty);
        });
    }

    [Test]
    public void A_scaler_refuses_samples_with_other_columns()
    {
        var solar = FeatureScaler.Fit(Samples(Series(SolarSite, days: 12)));
        var wind = builder.Build(WindSite, Series(WindSite, days: 12), null, [Start.AddDays(10)], Lookback, Horizon, true);
        Assert.That(() => solar.Apply(wind), Throws.ArgumentException);
    }

    [Test]
    public void Broken_scaler_json_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => FeatureScaler.FromJson("""{"encoder":[{"name":"ghi","mean":1,"std":0}],"decoder":[]}"""), Throws.InstanceOf<FormatException>());
            Assert.That(() => FeatureScaler.FromJson("""{"decoder":[]}"""), Throws.InstanceOf<FormatException>());
        });
    }

    private FeatureSamples Samples(HourlySeries series, FeatureSite? site = null) =>
        builder.Build(site ?? SolarSite, series, null, FeatureWindows.IssueTimes(series, Lookback, Horizon, strideHours: 3),
            Lookback, Horizon, useFutureWeather: true);

    private static HourlySeries Scaled(HourlySeries s, float factor)
    {
        var copy = OverwriteFrom(s, s.End, 0); // overwriting from the end on: a plain deep copy
        foreach (var column in new[] { copy.PowerKw, copy.GhiWm2, copy.DniWm2, copy.DhiWm2, copy.WindSpeedHubMs })
        {
            for (var i = 0; i < column.Length; i++) column[i] *= factor;
        }

        return copy;
    }
}
