using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain;
using SolarSync.Modules.Sites.Contracts;
using static SolarSync.Tests.Features.FeatureTestData;

namespace SolarSync.Tests.Features;

public sealed class FeatureCatalogTests
{
    [TestCase(PlantType.Solar)]
    [TestCase(PlantType.Wind)]
    public void Each_plant_type_has_at_least_50_distinct_features(PlantType type)
    {
        var (encoder, decoder) = FeatureCatalog.For(type);
        var distinct = encoder.Concat(decoder).Distinct().Count();
        TestContext.Out.WriteLine($"{type}: {encoder.Count} encoder + {decoder.Count} decoder columns, {distinct} distinct features");
        Assert.That(distinct, Is.GreaterThanOrEqualTo(50));
    }

    [TestCase(PlantType.Solar)]
    [TestCase(PlantType.Wind)]
    public void Names_are_unique_within_each_block_and_every_feature_is_described(PlantType type)
    {
        var (encoder, decoder) = FeatureCatalog.For(type);
        var definitions = FeatureCatalog.Definitions(type);
        Assert.Multiple(() =>
        {
            Assert.That(encoder, Is.Unique);
            Assert.That(decoder, Is.Unique);
            Assert.That(definitions.Select(d => d.Name), Has.All.Match("^[a-z][a-z0-9_]*$"));
            Assert.That(definitions.Select(d => d.Description), Has.All.Length.GreaterThan(10));
            Assert.That(definitions.Where(d => d.Block == FeatureBlock.Encoder).Select(d => d.Name), Is.EqualTo(encoder));
            Assert.That(definitions.Where(d => d.Block == FeatureBlock.Decoder).Select(d => d.Name), Is.EqualTo(decoder));
        });
    }

    [TestCase(PlantType.Solar)]
    [TestCase(PlantType.Wind)]
    public void Built_arrays_are_exactly_as_wide_as_the_catalog(PlantType type)
    {
        var site = Site(type);
        var series = Series(site, days: 12);
        var (encoder, decoder) = FeatureCatalog.For(type);

        var x = new FeatureBuilder().Build(site, series, null, [series.Start.AddDays(10)], 48, 24, useFutureWeather: true);

        Assert.Multiple(() =>
        {
            Assert.That(x.EncoderWidth, Is.EqualTo(encoder.Count));
            Assert.That(x.DecoderWidth, Is.EqualTo(decoder.Count));
            Assert.That(x.Encoder, Has.Length.EqualTo(48 * encoder.Count));
            Assert.That(x.Decoder, Has.Length.EqualTo(24 * decoder.Count));
        });
    }

    [Test]
    public void The_features_named_in_the_design_are_in_the_catalog()
    {
        var (solarEncoder, solarDecoder) = FeatureCatalog.For(PlantType.Solar);
        var (windEncoder, windDecoder) = FeatureCatalog.For(PlantType.Wind);
        Assert.Multiple(() =>
        {
            Assert.That(solarEncoder, Is.SupersetOf(new[]
            {
                "solar_zenith_cos", "clear_sky_ghi", "clear_sky_index", "pvwatts_kw_norm", "hour_sin", "doy_cos", "weekday_sin",
                "power_lag_1h", "power_lag_2h", "power_lag_3h", "power_lag_24h", "power_lag_48h", "power_lag_168h",
                "power_roll_mean_3h", "power_roll_mean_6h", "power_roll_mean_24h", "power_roll_std_24h", "power_roll_min_6h",
                "power_roll_max_3h", "power_lag_missing",
            }));
            Assert.That(solarDecoder, Is.SupersetOf(new[] { "has_weather", "pvwatts_kw_norm", "power_same_hour_1d", "power_lag_missing" }));
            Assert.That(windEncoder, Is.SupersetOf(new[] { "hub_speed", "hub_speed_cubed", "wind_dir_sin", "wind_dir_cos", "air_density", "power_curve_kw_norm" }));
            Assert.That(windDecoder, Is.SupersetOf(new[] { "hub_speed", "power_curve_kw_norm", "has_weather" }));
            Assert.That(windEncoder, Has.No.Member("pvwatts_kw_norm"));
        });
    }

    [Test]
    public void Decoder_power_features_are_never_standardised_and_weather_ones_are_marked_as_weather()
    {
        var decoder = FeatureCatalog.Definitions(PlantType.Solar).Where(d => d.Block == FeatureBlock.Decoder).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(decoder.Where(d => d.Name.StartsWith("power_", StringComparison.Ordinal)).Select(d => d.Source), Is.All.EqualTo(FeatureSource.Power));
            Assert.That(decoder.Where(d => d.Source == FeatureSource.Power).Select(d => d.Standardised), Is.All.False);
            Assert.That(FeatureCatalog.Find(FeatureBlock.Decoder, "ghi")!.Source, Is.EqualTo(FeatureSource.Weather));
            Assert.That(FeatureCatalog.Find(FeatureBlock.Decoder, "clear_sky_ghi")!.Source, Is.EqualTo(FeatureSource.Deterministic));
        });
    }
}
