using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Features;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Features;

public sealed class HourlySeriesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Observations_land_on_their_hour_and_missing_hours_stay_NaN()
    {
        Observation[] rows = [Row(1, power: 120, ghi: 400), Row(3, power: 80)];

        var s = HourlySeries.FromObservations(rows, T0, T0.AddHours(4), hubHeightM: 100);

        Assert.Multiple(() =>
        {
            Assert.That(s.Count, Is.EqualTo(4));
            Assert.That(s.End, Is.EqualTo(T0.AddHours(4)));
            Assert.That(s.PowerKw, Is.EqualTo(new[] { float.NaN, 120, float.NaN, 80 }));
            Assert.That(s.GhiWm2, Is.EqualTo(new[] { float.NaN, 400, float.NaN, float.NaN }));
        });
    }

    [Test]
    public void Hub_speed_comes_from_100_m_when_given_and_from_10_m_otherwise()
    {
        Observation[] rows =
        [
            Row(0) with { WindSpeed100mMs = 8, WindSpeed10mMs = 5 },
            Row(1) with { WindSpeed10mMs = 5 },
            Row(2),
        ];

        var s = HourlySeries.FromObservations(rows, T0, T0.AddHours(3), hubHeightM: 120);

        Assert.Multiple(() =>
        {
            Assert.That(s.WindSpeedHubMs[0], Is.EqualTo(WindPhysics.ExtrapolateSpeed(8, 100, 120)).Within(1e-5));
            Assert.That(s.WindSpeedHubMs[1], Is.EqualTo(WindPhysics.ExtrapolateSpeed(5, 10, 120)).Within(1e-5));
            Assert.That(s.WindSpeedHubMs[2], Is.NaN);
        });
    }

    [Test]
    public void The_last_row_of_an_hour_wins_and_sources_with_different_columns_merge()
    {
        Observation[] rows =
        [
            Row(0, power: 100, source: ObservationSources.Meter),
            Row(0, ghi: 500, source: ObservationSources.OpenMeteo),
            Row(0, power: 150, source: ObservationSources.Telemetry),
        ];

        var s = HourlySeries.FromObservations(rows, T0, T0.AddHours(1), hubHeightM: 100);

        Assert.Multiple(() =>
        {
            Assert.That(s.PowerKw[0], Is.EqualTo(150));
            Assert.That(s.GhiWm2[0], Is.EqualTo(500));
        });
    }

    [Test]
    public void Rows_outside_the_range_or_off_the_hour_are_ignored()
    {
        Observation[] rows = [Row(-1, power: 1), Row(2, power: 2), Row(0, power: 3) with { Ts = T0.AddMinutes(30) }];

        var s = HourlySeries.FromObservations(rows, T0, T0.AddHours(2), hubHeightM: 100);

        Assert.That(s.PowerKw, Is.All.NaN);
    }

    [Test]
    public void Issue_times_keep_the_encoder_window_and_every_target_inside_the_series()
    {
        var s = HourlySeries.Missing(T0, 100);

        var times = FeatureWindows.IssueTimes(s, lookback: 48, horizon: 24, strideHours: 5);

        Assert.Multiple(() =>
        {
            Assert.That(times[0], Is.EqualTo(T0.AddHours(48)));
            Assert.That(times[^1], Is.LessThanOrEqualTo(s.End.AddHours(-24)));
            Assert.That(times[^1].AddHours(5), Is.GreaterThan(s.End.AddHours(-24)));
            Assert.That(times, Has.Count.EqualTo(6)); // 48, 53, …, 73 (≤ 76)
            Assert.That(FeatureWindows.IssueTimes(s, 48, 24, 1), Has.Count.EqualTo(100 - 48 - 24 + 1));
            Assert.That(FeatureWindows.IssueTimes(HourlySeries.Missing(T0, 71), 48, 24, 1), Is.Empty);
        });
    }

    [Test]
    public void A_feature_site_takes_a_registered_plant_and_reads_a_site_json()
    {
        var registered = new Site(7, "Turbine", PlantType.Wind, 56, 8.5, 3000, null, null, 120,
            [new PowerCurvePoint(3, 0), new PowerCurvePoint(12, 3000), new PowerCurvePoint(25, 3000)], "UTC", false, T0, ElevationM: 20);

        var fromSite = FeatureSite.From(registered);
        var fromJson = JsonSerializer.Deserialize<FeatureSite>(
            """{"type":"solar","latitudeDeg":39.74,"longitudeDeg":-105.18,"capacityKw":1000,"tiltDeg":30}""",
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        Assert.Multiple(() =>
        {
            Assert.That(fromSite.Type, Is.EqualTo(PlantType.Wind));
            Assert.That(fromSite.HubHeightM, Is.EqualTo(120));
            Assert.That(fromSite.ElevationM, Is.EqualTo(20));
            Assert.That(fromSite.PowerCurveSpeedsMs, Is.EqualTo(new[] { 3.0, 12, 25 }));
            Assert.That(fromSite.PowerCurvePowersKw, Is.EqualTo(new[] { 0.0, 3000, 3000 }));
            Assert.That(fromJson.Type, Is.EqualTo(PlantType.Solar));
            Assert.That(fromJson.TiltDeg, Is.EqualTo(30));
            Assert.That(fromJson.AzimuthDeg, Is.Null);
            Assert.That(fromJson.CapacityKw, Is.EqualTo(1000));
        });
    }

    [Test]
    public void The_module_registers_one_feature_builder_for_the_whole_app()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddFeaturesModule();
        using var services = builder.Services.BuildServiceProvider();

        var first = services.GetRequiredService<IFeatureBuilder>();
        Assert.That(services.GetRequiredService<IFeatureBuilder>(), Is.SameAs(first));
    }

    private static Observation Row(int hour, double? power = null, double? ghi = null, string source = ObservationSources.Meter) =>
        new() { SiteId = 1, Ts = T0.AddHours(hour), Source = source, PowerKw = power, GhiWm2 = ghi };
}
