using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain;
using SolarSync.Modules.Sites.Contracts;
using static SolarSync.Tests.Features.FeatureTestData;

namespace SolarSync.Tests.Features;

/// <summary>
/// The guard of every forecast metric: nothing observed at or after the issue time may reach the inputs. Each test
/// builds samples, overwrites every observed value (power and weather) from the issue time on with 1e6, rebuilds,
/// and compares the arrays bit for bit.
/// </summary>
public sealed class FeatureLeakageTests
{
    private const int Lookback = 48;
    private const int Horizon = 48;
    private const float Poison = 1e6f;

    private readonly FeatureBuilder builder = new();

    [TestCase(PlantType.Solar, Horizon)]
    [TestCase(PlantType.Wind, Horizon)]
    [TestCase(PlantType.Solar, 200)] // beyond a week: the same-hour-of-week lag steps back two weeks
    public void Without_future_weather_no_input_changes_when_everything_from_the_issue_time_on_changes(PlantType type, int horizon)
    {
        var site = Site(type);
        var series = Series(site, days: 20);
        foreach (var issue in IssueTimesToProbe(series))
        {
            var before = builder.Build(site, series, null, [issue], Lookback, horizon, useFutureWeather: false);
            var after = builder.Build(site, OverwriteFrom(series, issue, Poison), null, [issue], Lookback, horizon, useFutureWeather: false);

            Assert.Multiple(() =>
            {
                Assert.That(ChangedColumns(before.Encoder, after.Encoder, before.EncoderFeatures), Is.Empty, $"encoder at {issue:O}");
                Assert.That(ChangedColumns(before.Decoder, after.Decoder, before.DecoderFeatures), Is.Empty, $"decoder at {issue:O}");
            });
        }
    }

    [TestCase(PlantType.Solar)]
    [TestCase(PlantType.Wind)]
    public void With_perfect_future_weather_only_the_documented_weather_columns_change(PlantType type)
    {
        var site = Site(type);
        var series = Series(site, days: 20);
        var weatherColumns = FeatureCatalog.Definitions(type)
            .Where(d => d.Block == FeatureBlock.Decoder && d.Source == FeatureSource.Weather)
            .Select(d => d.Name)
            .ToArray();
        var powerColumns = FeatureCatalog.Definitions(type)
            .Where(d => d.Block == FeatureBlock.Decoder && d.Source == FeatureSource.Power)
            .Select(d => d.Name)
            .ToArray();
        var physicalColumn = type == PlantType.Solar ? "pvwatts_kw_norm" : "power_curve_kw_norm";
        var driverColumn = type == PlantType.Solar ? "ghi" : "hub_speed";

        foreach (var issue in IssueTimesToProbe(series))
        {
            var before = builder.Build(site, series, null, [issue], Lookback, Horizon, useFutureWeather: true);
            var after = builder.Build(site, OverwriteFrom(series, issue, Poison), null, [issue], Lookback, Horizon, useFutureWeather: true);

            var changed = ChangedColumns(before.Decoder, after.Decoder, before.DecoderFeatures);
            Assert.Multiple(() =>
            {
                Assert.That(ChangedColumns(before.Encoder, after.Encoder, before.EncoderFeatures), Is.Empty, $"encoder at {issue:O}");
                Assert.That(changed, Is.SubsetOf(weatherColumns), $"decoder at {issue:O}");
                Assert.That(changed, Does.Contain(driverColumn).And.Contain(physicalColumn), "the forecast weather is really used");
                Assert.That(changed.Intersect(powerColumns), Is.Empty, "no power feature may follow the future");
            });
        }
    }

    [TestCase(PlantType.Solar)]
    [TestCase(PlantType.Wind)]
    public void A_separate_forecast_changes_only_weather_columns_and_its_power_is_never_read(PlantType type)
    {
        var site = Site(type);
        var history = Series(site, days: 20);
        var issue = history.Start.AddDays(12).AddHours(5);
        var forecast = Series(site, days: 20, seed: 7);
        var forecastWithPoisonedPower = forecast with { PowerKw = Enumerable.Repeat(Poison, forecast.Count).ToArray() };
        var weatherColumns = FeatureCatalog.Definitions(type)
            .Where(d => d.Block == FeatureBlock.Decoder && d.Source == FeatureSource.Weather)
            .Select(d => d.Name);

        var perfect = builder.Build(site, history, null, [issue], Lookback, Horizon, useFutureWeather: true);
        var forecasted = builder.Build(site, history, forecast, [issue], Lookback, Horizon, useFutureWeather: true);
        var poisoned = builder.Build(site, history, forecastWithPoisonedPower, [issue], Lookback, Horizon, useFutureWeather: true);

        Assert.Multiple(() =>
        {
            Assert.That(ChangedColumns(perfect.Encoder, forecasted.Encoder, perfect.EncoderFeatures), Is.Empty);
            Assert.That(ChangedColumns(perfect.Decoder, forecasted.Decoder, perfect.DecoderFeatures), Is.SubsetOf(weatherColumns));
            Assert.That(ChangedColumns(forecasted.Decoder, poisoned.Decoder, perfect.DecoderFeatures), Is.Empty);
            Assert.That(forecasted.Target, Is.EqualTo(perfect.Target), "targets always come from the history");
        });
    }

    [Test]
    public void Poisoning_one_hour_before_the_issue_time_does_reach_the_inputs()
    {
        // Guards the guard: the comparison must see a change when an observed hour the features may use changes.
        var series = Series(SolarSite, days: 20);
        var issue = series.Start.AddDays(12).AddHours(5);

        var before = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: false);
        var after = builder.Build(SolarSite, OverwriteFrom(series, issue.AddHours(-1), Poison), null, [issue], Lookback, Horizon, useFutureWeather: false);

        Assert.Multiple(() =>
        {
            Assert.That(ChangedColumns(before.Encoder, after.Encoder, before.EncoderFeatures), Does.Contain("power_norm").And.Contain("ghi"));
            Assert.That(ChangedColumns(before.Decoder, after.Decoder, before.DecoderFeatures), Does.Contain("power_same_hour_1d"));
        });
    }

    /// <summary>Issue times at different hours of day, so every same-hour-of-day lag rule is exercised.</summary>
    private static IEnumerable<DateTimeOffset> IssueTimesToProbe(HourlySeries series)
    {
        var first = series.Start.AddDays(10);
        foreach (var hour in new[] { 0, 5, 11, 13, 23 })
        {
            yield return first.AddHours(hour);
        }
    }
}
