using SolarSync.Modules.Prediction.Caching;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Prediction.Caching;

public sealed class ForecastCacheKeyTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 23, 13, 0, 0, TimeSpan.Zero);
    private static readonly ForecastCacheKey Key = new(7, PlantType.Solar, 24, "20261123-1", Issued);

    [Test]
    public void The_key_names_prefix_generation_site_type_hours_version_and_weather_issue_hour()
    {
        Assert.That(Key.Format("forecast", 42), Is.EqualTo("forecast:g42:site7:solar:h24:v20261123-1:wx2026112313"));
    }

    [Test]
    public void A_forecast_without_stored_weather_has_its_own_key()
    {
        Assert.That((Key with { WeatherIssuedAt = null }).Format("forecast", 42), Is.EqualTo("forecast:g42:site7:solar:h24:v20261123-1:wxnone"));
    }

    [Test]
    public void The_weather_issue_hour_is_written_in_utc_whatever_its_offset()
    {
        var sameInstantInBerlin = Issued.ToOffset(TimeSpan.FromHours(1));
        Assert.That((Key with { WeatherIssuedAt = sameInstantInBerlin }).Format("forecast", 1), Is.EqualTo(Key.Format("forecast", 1)));
    }

    [Test]
    public void Every_part_of_the_key_and_the_generation_change_it()
    {
        var keys = new[]
        {
            Key.Format("forecast", 1),
            Key.Format("forecast", 2),
            Key.Format("other", 1),
            (Key with { SiteId = 8 }).Format("forecast", 1),
            (Key with { Type = PlantType.Wind }).Format("forecast", 1),
            (Key with { Hours = 48 }).Format("forecast", 1),
            (Key with { ModelVersion = "20261123-2" }).Format("forecast", 1),
            (Key with { WeatherIssuedAt = Issued.AddHours(1) }).Format("forecast", 1),
            (Key with { WeatherIssuedAt = null }).Format("forecast", 1),
        };
        Assert.That(keys, Is.Unique);
    }

    [Test]
    public void A_key_without_a_model_version_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => (Key with { ModelVersion = "" }).Format("forecast", 1));
    }

    [TestCase(0, 0, 0, 0, 0.0)]
    [TestCase(2, 1, 0, 0, 2.0 / 3)]
    [TestCase(1, 1, 2, 5, 0.25)]
    [TestCase(0, 3, 1, 1, 0.0)]
    public void The_hit_rate_is_hits_over_all_lookups_bypasses_included(long hits, long misses, long bypasses, long errors, double rate)
    {
        Assert.That(new CacheStats("redis", hits, misses, bypasses, errors).HitRate, Is.EqualTo(rate).Within(1e-12));
    }
}
