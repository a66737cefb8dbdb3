using System.Diagnostics;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Sites.Contracts;
using static SolarSync.Tests.Features.FeatureTestData;

namespace SolarSync.Tests.Features;

public sealed class FeatureBuilderTests
{
    private const int Lookback = 48;
    private const int Horizon = 24;

    private readonly FeatureBuilder builder = new();

    [Test]
    public void Encoder_power_lag_24h_at_each_hour_is_the_power_24_hours_earlier()
    {
        var series = Series(SolarSite, days: 15);
        var issue = series.Start.AddDays(10).AddHours(9);

        var x = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: false);

        for (var row = 0; row < Lookback; row++)
        {
            var hour = issue.AddHours(row - Lookback);
            Assert.That(Encoder(x, 0, row, "power_lag_24h"), Is.EqualTo(PowerNorm(series, SolarSite, hour.AddHours(-24))).Within(1e-6), $"row {row}");
            Assert.That(Encoder(x, 0, row, "power_lag_1h"), Is.EqualTo(PowerNorm(series, SolarSite, hour.AddHours(-1))).Within(1e-6), $"row {row}");
            Assert.That(Encoder(x, 0, row, "power_norm"), Is.EqualTo(PowerNorm(series, SolarSite, hour)).Within(1e-6), $"row {row}");
        }
    }

    [Test]
    public void Encoder_rolling_statistics_over_3_hours_match_the_hand_computation()
    {
        var series = Series(SolarSite, days: 15);
        var issue = series.Start.AddDays(10).AddHours(17);

        var x = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: false);

        for (var row = 0; row < Lookback; row++)
        {
            var hour = issue.AddHours(row - Lookback);
            var window = Enumerable.Range(0, 3).Select(back => PowerNorm(series, SolarSite, hour.AddHours(-back))).Where(v => !double.IsNaN(v)).ToArray();
            var mean = window.Average();
            var std = Math.Sqrt(window.Sum(v => (v - mean) * (v - mean)) / window.Length);
            Assert.Multiple(() =>
            {
                Assert.That(Encoder(x, 0, row, "power_roll_mean_3h"), Is.EqualTo(mean).Within(1e-6), $"row {row}");
                Assert.That(Encoder(x, 0, row, "power_roll_std_3h"), Is.EqualTo(std).Within(1e-6), $"row {row}");
                Assert.That(Encoder(x, 0, row, "power_roll_min_3h"), Is.EqualTo(window.Min()).Within(1e-6), $"row {row}");
                Assert.That(Encoder(x, 0, row, "power_roll_max_3h"), Is.EqualTo(window.Max()).Within(1e-6), $"row {row}");
            });
        }
    }

    [Test]
    public void A_missing_hour_of_power_is_flagged_and_skipped_by_the_rolling_mean()
    {
        var series = Series(SolarSite, days: 15);
        var issue = series.Start.AddDays(10).AddHours(12);
        var gap = issue.AddHours(-5);
        series.PowerKw[(int)(gap - series.Start).TotalHours] = float.NaN;

        var x = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: false);
        var row = Lookback - 5;

        var hand = new[] { -1, -2 }.Select(back => PowerNorm(series, SolarSite, gap.AddHours(back))).Average();
        Assert.Multiple(() =>
        {
            Assert.That(Encoder(x, 0, row, "power_norm"), Is.NaN);
            Assert.That(Encoder(x, 0, row, "power_missing"), Is.EqualTo(1));
            Assert.That(Encoder(x, 0, row + 1, "power_lag_1h"), Is.NaN);
            Assert.That(Encoder(x, 0, row + 1, "power_lag_missing"), Is.GreaterThanOrEqualTo(1f / 6));
            Assert.That(Encoder(x, 0, row, "power_roll_mean_3h"), Is.EqualTo(hand).Within(1e-6));
        });
    }

    [Test]
    public void Decoder_same_hour_lags_read_the_latest_same_hour_of_day_before_the_issue_time()
    {
        var series = Series(SolarSite, days: 20);
        var issue = series.Start.AddDays(12).AddHours(14);
        const int horizon = 72;

        var x = builder.Build(SolarSite, series, null, [issue], Lookback, horizon, useFutureWeather: false);

        for (var k = 1; k <= horizon; k++)
        {
            var u = issue.AddHours(k - 1);
            var days = (k + 23) / 24;
            var sameHour = u.AddHours(-24 * days);
            var week = u.AddHours(-168);
            var hand7 = Enumerable.Range(0, 7).Select(d => PowerNorm(series, SolarSite, sameHour.AddDays(-d))).Where(v => !double.IsNaN(v)).Average();
            Assert.Multiple(() =>
            {
                Assert.That(sameHour, Is.LessThan(issue));
                Assert.That(Decoder(x, 0, k, "power_same_hour_1d"), Is.EqualTo(PowerNorm(series, SolarSite, sameHour)).Within(1e-6), $"k {k}");
                Assert.That(Decoder(x, 0, k, "power_same_hour_2d"), Is.EqualTo(PowerNorm(series, SolarSite, sameHour.AddDays(-1))).Within(1e-6), $"k {k}");
                Assert.That(Decoder(x, 0, k, "power_same_hour_7d"), Is.EqualTo(PowerNorm(series, SolarSite, week)).Within(1e-6), $"k {k}");
                Assert.That(Decoder(x, 0, k, "power_same_hour_mean_7d"), Is.EqualTo(hand7).Within(1e-6), $"k {k}");
                Assert.That(Decoder(x, 0, k, "lead_time_h"), Is.EqualTo(k));
            });
        }
    }

    [Test]
    public void Calendar_encodings_of_a_known_date_match_their_definition()
    {
        // 2024-03-15 06:00 UTC: a Friday (weekday 4, Monday = 0), day 75 of a 366-day year, hour 6 → a quarter turn.
        var known = new DateTimeOffset(2024, 3, 15, 6, 0, 0, TimeSpan.Zero);
        var series = Series(SolarSite, days: 3, start: known.AddDays(-2));

        var x = builder.Build(SolarSite, series, null, [known], lookback: 1, horizon: 1, useFutureWeather: false);

        Assert.Multiple(() =>
        {
            Assert.That(Decoder(x, 0, 1, "hour_sin"), Is.EqualTo(1).Within(1e-6));
            Assert.That(Decoder(x, 0, 1, "hour_cos"), Is.EqualTo(0).Within(1e-6));
            Assert.That(Decoder(x, 0, 1, "doy_sin"), Is.EqualTo(Math.Sin(2 * Math.PI * 74 / 366)).Within(1e-6));
            Assert.That(Decoder(x, 0, 1, "doy_cos"), Is.EqualTo(Math.Cos(2 * Math.PI * 74 / 366)).Within(1e-6));
            Assert.That(Decoder(x, 0, 1, "weekday_sin"), Is.EqualTo(Math.Sin(2 * Math.PI * 4 / 7)).Within(1e-6));
            Assert.That(Decoder(x, 0, 1, "weekday_cos"), Is.EqualTo(Math.Cos(2 * Math.PI * 4 / 7)).Within(1e-6));

            // The encoder's single row is 05:00 of the same day.
            Assert.That(Encoder(x, 0, 0, "hour_sin"), Is.EqualTo(Math.Sin(2 * Math.PI * 5 / 24)).Within(1e-6));
            Assert.That(Encoder(x, 0, 0, "weekday_sin"), Is.EqualTo(Math.Sin(2 * Math.PI * 4 / 7)).Within(1e-6));
        });
    }

    [Test]
    public void New_year_starts_the_day_of_year_cycle_at_zero()
    {
        var newYear = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var series = Series(WindSite, days: 3, start: newYear.AddDays(-1));

        var x = builder.Build(WindSite, series, null, [newYear], lookback: 1, horizon: 1, useFutureWeather: false);

        Assert.Multiple(() =>
        {
            Assert.That(Decoder(x, 0, 1, "doy_sin"), Is.EqualTo(0).Within(1e-6));
            Assert.That(Decoder(x, 0, 1, "doy_cos"), Is.EqualTo(1).Within(1e-6));
            Assert.That(Decoder(x, 0, 1, "hour_cos"), Is.EqualTo(1).Within(1e-6));
        });
    }

    [Test]
    public void Clear_sky_index_is_0_at_night_and_1_for_clear_sky_irradiance()
    {
        var series = Series(SolarSite, days: 10);
        for (var i = 0; i < series.Count; i++)
        {
            var sun = SolarPosition.ForHour(series.Start.AddHours(i), SolarSite.LatitudeDeg, SolarSite.LongitudeDeg, SolarSite.ElevationM);
            series.GhiWm2[i] = (float)ClearSky.Ineichen(sun, SolarSite.ElevationM).GhiWm2;
        }

        var issue = series.Start.AddDays(5);
        var x = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: true);

        int night = 0, day = 0;
        for (var row = 0; row < Lookback; row++)
        {
            var index = Encoder(x, 0, row, "clear_sky_index");
            if (Encoder(x, 0, row, "daylight") == 0)
            {
                night++;
                Assert.That(index, Is.EqualTo(0), $"night row {row}");
            }
            else if (Encoder(x, 0, row, "clear_sky_ghi") >= 50)
            {
                day++;
                Assert.That(index, Is.EqualTo(1).Within(1e-4), $"day row {row}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(night, Is.GreaterThan(10));
            Assert.That(day, Is.GreaterThan(10));
            Assert.That(Decoder(x, 0, 20, "clear_sky_index"), Is.EqualTo(1).Within(1e-4), "19:00 UTC is about noon in Golden");
        });
    }

    [Test]
    public void Without_future_weather_the_decoder_weather_columns_and_has_weather_are_0()
    {
        var series = Series(SolarSite, days: 15);
        var issue = series.Start.AddDays(10);
        var weather = FeatureCatalog.Definitions(PlantType.Solar)
            .Where(d => d.Block == FeatureBlock.Decoder && d.Source == FeatureSource.Weather).Select(d => d.Name).ToArray();

        var without = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: false);
        var with = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: true);

        Assert.Multiple(() =>
        {
            foreach (var name in weather)
            {
                for (var k = 1; k <= Horizon; k++)
                {
                    Assert.That(Decoder(without, 0, k, name), Is.EqualTo(0), $"{name} at k {k}");
                }
            }

            Assert.That(Enumerable.Range(1, Horizon).Select(k => Decoder(with, 0, k, "has_weather")), Is.All.EqualTo(1));
            Assert.That(Decoder(with, 0, 13, "ghi"), Is.EqualTo(series.GhiWm2[(int)(issue - series.Start).TotalHours + 12]));
        });
    }

    [Test]
    public void Forecast_hours_without_weather_say_so_in_has_weather()
    {
        var history = Series(WindSite, days: 15);
        var issue = history.Start.AddDays(10);
        var forecast = Series(WindSite, days: 1, seed: 3, start: issue); // covers only the first 24 of 30 hours

        var x = builder.Build(WindSite, history, forecast, [issue], Lookback, horizon: 30, useFutureWeather: true);

        Assert.Multiple(() =>
        {
            Assert.That(Decoder(x, 0, 24, "has_weather"), Is.EqualTo(1));
            Assert.That(Decoder(x, 0, 25, "has_weather"), Is.EqualTo(0));
            Assert.That(Decoder(x, 0, 25, "hub_speed"), Is.NaN);
            Assert.That(x.PhysicalKw[24], Is.NaN);
            Assert.That(Decoder(x, 0, 1, "hub_speed"), Is.EqualTo(forecast.WindSpeedHubMs[0]));
        });
    }

    [Test]
    public void Wind_tendencies_are_the_three_hour_changes_of_hub_speed_and_pressure_including_hours_before_the_window()
    {
        var series = Series(WindSite, days: 15);
        var issue = series.Start.AddDays(10);
        var first = (int)(issue - series.Start).TotalHours - Lookback;
        series.PressureHpa[first + 5] = float.NaN;

        var x = builder.Build(WindSite, series, null, [issue], Lookback, Horizon, useFutureWeather: false);

        Assert.Multiple(() =>
        {
            foreach (var row in new[] { 0, 1, 2, 10 })
            {
                var h = first + row;
                Assert.That(Encoder(x, 0, row, "hub_speed_change_3h"),
                    Is.EqualTo(series.WindSpeedHubMs[h] - series.WindSpeedHubMs[h - 3]).Within(1e-5), $"row {row}");
                Assert.That(Encoder(x, 0, row, "pressure_change_3h"),
                    Is.EqualTo(series.PressureHpa[h] - series.PressureHpa[h - 3]).Within(1e-4), $"row {row}");
            }

            Assert.That(Encoder(x, 0, 0, "pressure_change_3h"), Is.Not.NaN.And.Not.Zero, "the test series' pressure varies");
            Assert.That(Encoder(x, 0, 0, "hub_speed_change_3h"), Is.Not.NaN.And.Not.Zero, "the test series' wind varies");
            Assert.That(Encoder(x, 0, 5, "pressure_change_3h"), Is.NaN, "the hour's pressure is missing");
            Assert.That(Encoder(x, 0, 8, "pressure_change_3h"), Is.NaN, "the pressure 3 h before is missing");
        });
    }

    [TestCase(PlantType.Solar)]
    [TestCase(PlantType.Wind)]
    public void Arrays_have_the_documented_shapes_and_targets_are_power_over_capacity(PlantType type)
    {
        var site = Site(type);
        var series = Series(site, days: 15);
        var issues = FeatureWindows.IssueTimes(series, Lookback, Horizon, strideHours: 7);
        var (encoderNames, decoderNames) = FeatureCatalog.For(type);

        var x = builder.Build(site, series, null, issues, Lookback, Horizon, useFutureWeather: true);

        Assert.Multiple(() =>
        {
            Assert.That(x.Count, Is.EqualTo(issues.Count));
            Assert.That(x.EncoderWidth, Is.EqualTo(encoderNames.Count));
            Assert.That(x.DecoderWidth, Is.EqualTo(decoderNames.Count));
            Assert.That(x.EncoderFeatures, Is.EqualTo(encoderNames));
            Assert.That(x.DecoderFeatures, Is.EqualTo(decoderNames));
            Assert.That(x.Encoder, Has.Length.EqualTo(x.Count * Lookback * x.EncoderWidth));
            Assert.That(x.Decoder, Has.Length.EqualTo(x.Count * Horizon * x.DecoderWidth));
            Assert.That(x.Target, Has.Length.EqualTo(x.Count * Horizon));
            Assert.That(x.Daylight, Has.Length.EqualTo(x.Count * Horizon));
            Assert.That(x.PhysicalKw, Has.Length.EqualTo(x.Count * Horizon));
            Assert.That(x.ClearSkyKw, Has.Length.EqualTo(x.Count * Horizon));
            Assert.That(x.IssueTimes, Is.EqualTo(issues));
        });

        var s = x.Count / 2;
        for (var k = 1; k <= Horizon; k++)
        {
            var row = s * Horizon + k - 1;
            var u = issues[s].AddHours(k - 1);
            var physicalColumn = type == PlantType.Solar ? "pvwatts_kw_norm" : "power_curve_kw_norm";
            Assert.Multiple(() =>
            {
                Assert.That(x.Target[row], Is.EqualTo(PowerNorm(series, site, u)).Within(1e-6));
                Assert.That(x.Daylight[row], Is.EqualTo(Decoder(x, s, k, "daylight") == 1));
                Assert.That(x.PhysicalKw[row] / site.CapacityKw, Is.EqualTo(Decoder(x, s, k, physicalColumn)).Within(1e-6));
                if (type == PlantType.Wind) Assert.That(x.ClearSkyKw[row], Is.Zero);
                else Assert.That(x.ClearSkyKw[row] / site.CapacityKw, Is.EqualTo(Decoder(x, s, k, "clear_sky_kw_norm")).Within(1e-6));
            });
        }
    }

    [Test]
    public void A_batch_holds_the_same_sample_as_a_build_for_that_issue_time_alone()
    {
        var series = Series(WindSite, days: 20);
        var issues = FeatureWindows.IssueTimes(series, Lookback, Horizon, strideHours: 5);
        var s = issues.Count - 3;

        var batch = builder.Build(WindSite, series, null, issues, Lookback, Horizon, useFutureWeather: true);
        var single = builder.Build(WindSite, series, null, [issues[s]], Lookback, Horizon, useFutureWeather: true);

        var encoderBlock = Lookback * batch.EncoderWidth;
        var decoderBlock = Horizon * batch.DecoderWidth;
        Assert.Multiple(() =>
        {
            Assert.That(batch.Encoder.AsSpan(s * encoderBlock, encoderBlock).ToArray(), Is.EqualTo(single.Encoder));
            Assert.That(batch.Decoder.AsSpan(s * decoderBlock, decoderBlock).ToArray(), Is.EqualTo(single.Decoder));
            Assert.That(batch.Target.AsSpan(s * Horizon, Horizon).ToArray(), Is.EqualTo(single.Target));
        });
    }

    [Test]
    public void Hours_before_the_history_read_as_missing_power_but_keep_their_solar_geometry()
    {
        var series = Series(SolarSite, days: 5);
        var issue = series.Start.AddHours(10); // the encoder reaches 38 h before the series starts

        var x = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: false);

        Assert.Multiple(() =>
        {
            Assert.That(Encoder(x, 0, 0, "power_norm"), Is.NaN);
            Assert.That(Encoder(x, 0, 0, "power_missing"), Is.EqualTo(1));
            Assert.That(Encoder(x, 0, 0, "ghi"), Is.NaN);
            Assert.That(Encoder(x, 0, 0, "solar_zenith_cos"), Is.Not.NaN);
            Assert.That(Encoder(x, 0, Lookback - 1, "power_norm"), Is.Not.NaN);
        });
    }

    [Test]
    public void The_physical_feature_follows_pvwatts_on_erbs_split_irradiance_when_dni_and_dhi_are_missing()
    {
        var series = Series(SolarSite, days: 12);
        var issue = series.Start.AddDays(10);
        var noon = (int)(issue - series.Start).TotalHours + 19; // 19:00 UTC ≈ 12:00 local solar time in Golden
        series.DniWm2[noon] = float.NaN;
        series.DhiWm2[noon] = float.NaN;

        var x = builder.Build(SolarSite, series, null, [issue], Lookback, Horizon, useFutureWeather: true);

        var sun = SolarPosition.ForHour(series.Start.AddHours(noon), SolarSite.LatitudeDeg, SolarSite.LongitudeDeg, SolarSite.ElevationM);
        var (dni, dhi) = Decomposition.Erbs(series.GhiWm2[noon], sun);
        var poa = PlaneOfArray.Transpose(series.GhiWm2[noon], dni, dhi, sun, 30, 180).TotalWm2;
        var kw = PvWatts.AcPowerKw(poa, series.TempC[noon], series.WindSpeed10mMs[noon], SolarSite.CapacityKw);
        Assert.Multiple(() =>
        {
            Assert.That(kw, Is.GreaterThan(100), "a sunny hour was picked");
            Assert.That(Decoder(x, 0, 20, "poa_irradiance"), Is.EqualTo(poa).Within(1e-3 * poa));
            Assert.That(Decoder(x, 0, 20, "pvwatts_kw_norm"), Is.EqualTo(kw / SolarSite.CapacityKw).Within(1e-5));
        });
    }

    [Test]
    public void Erbs_keeps_all_irradiance_diffuse_under_an_overcast_sky_and_splits_a_clear_one()
    {
        // Sun at 30° zenith, E0n = 1361 W/m²: horizontal extraterrestrial 1178.6 W/m².
        var sun = new SolarAngles(30, 180, 60, 1361);
        var (overcastDni, overcastDhi) = Decomposition.Erbs(100, sun);     // kt = 0.085 → diffuse fraction 0.9924
        var (clearDni, clearDhi) = Decomposition.Erbs(1000, sun);          // kt = 0.848 → diffuse fraction 0.165
        Assert.Multiple(() =>
        {
            Assert.That(overcastDhi, Is.EqualTo(100 * (1 - 0.09 * 100 / 1178.65)).Within(0.01));
            Assert.That(overcastDni, Is.EqualTo((100 - overcastDhi) / Math.Cos(Math.PI / 6)).Within(1e-9));
            Assert.That(clearDhi, Is.EqualTo(165).Within(1e-9));
            Assert.That(clearDni, Is.EqualTo(835 / Math.Cos(Math.PI / 6)).Within(1e-6));
        });
    }

    [Test]
    public void Wind_features_follow_the_power_curve_and_the_cube_of_hub_speed()
    {
        var series = Series(WindSite, days: 12);
        var issue = series.Start.AddDays(10);
        var i = (int)(issue - series.Start).TotalHours + 4;
        series.WindSpeedHubMs[i] = 10; // halfway between 8 m/s (1200 kW) and 12 m/s (3000 kW): 2100 kW at 1.225 kg/m³

        var x = builder.Build(WindSite, series, null, [issue], Lookback, Horizon, useFutureWeather: true);

        var density = WindPhysics.AirDensity(series.PressureHpa[i], series.TempC[i], series.RelHumidityPct[i]);
        Assert.Multiple(() =>
        {
            Assert.That(Decoder(x, 0, 5, "hub_speed"), Is.EqualTo(10));
            Assert.That(Decoder(x, 0, 5, "hub_speed_cubed"), Is.EqualTo(1000));
            Assert.That(Decoder(x, 0, 5, "air_density"), Is.EqualTo(density).Within(1e-6));
            Assert.That(Decoder(x, 0, 5, "power_curve_kw_norm"), Is.EqualTo(2100 * density / 1.225 / 3000).Within(1e-6));
            Assert.That(Decoder(x, 0, 5, "wind_power_density"), Is.EqualTo(0.5 * density * 1000).Within(1e-3));
        });
    }

    [Test]
    public void Issue_times_off_the_hour_are_refused()
    {
        var series = Series(SolarSite, days: 5);
        Assert.That(() => builder.Build(SolarSite, series, null, [series.Start.AddDays(3).AddMinutes(30)], Lookback, Horizon, false),
            Throws.ArgumentException);
    }

    [Test]
    public void Two_years_of_hourly_samples_at_stride_1_give_a_sample_for_every_complete_window()
    {
        // Speed is measured by bench/train, not here; this checks the window count of the same workload.
        var series = Series(SolarSite, days: 730);
        var issues = FeatureWindows.IssueTimes(series, Lookback, Horizon, strideHours: 1);

        var x = builder.Build(SolarSite, series, null, issues, Lookback, Horizon, useFutureWeather: true);

        // 17,520 hours, less the look-behind of the longest lag and one horizon.
        Assert.That(issues.Count, Is.InRange(17_520 - FeatureCatalog.MaxLookBehindHours - Horizon, 17_520 - Horizon));
        Assert.That(x.Count, Is.EqualTo(issues.Count));
    }

    [TestCase(PlantType.Solar, true)]
    [TestCase(PlantType.Wind, true)]
    [TestCase(PlantType.Wind, false)]
    public void A_shorter_horizon_builds_the_first_hours_of_a_longer_one(PlantType type, bool futureWeather)
    {
        // Serving builds only the hours asked for (ProductionModels.ForecastAsync): they must be the same as a full build's.
        var site = Site(type);
        var series = Series(site, days: 30);
        var issue = series.Start.AddDays(12).AddHours(7);

        var full = builder.Build(site, series, futureWeather ? series : null, [issue], Lookback, 168, futureWeather);
        var shorter = builder.Build(site, series, futureWeather ? series : null, [issue], Lookback, 24, futureWeather);

        Assert.Multiple(() =>
        {
            Assert.That(shorter.Horizon, Is.EqualTo(24));
            Assert.That(shorter.Encoder, Is.EqualTo(full.Encoder));
            Assert.That(shorter.Decoder, Is.EqualTo(full.Decoder.AsSpan(0, 24 * full.DecoderWidth).ToArray()));
            Assert.That(shorter.Daylight, Is.EqualTo(full.Daylight.AsSpan(0, 24).ToArray()));
            Assert.That(shorter.Decoder.Take(24 * full.DecoderWidth).Distinct().Count(), Is.GreaterThan(10), "the decoder carries data");
        });
    }

    [TestCase(PlantType.Solar, 48, true)]
    [TestCase(PlantType.Solar, 6, false)]
    [TestCase(PlantType.Wind, 48, true)]
    [TestCase(PlantType.Wind, 6, true)]
    public void A_sample_alone_equals_the_same_sample_built_among_earlier_ones(PlantType type, int lookback, bool futureWeather)
    {
        // Alone, the grid starts at the sample's own look-behind and skips the physics there (HourlyFeatureTable.FirstRow);
        // among earlier samples every hour it reads is computed in full.
        var site = Site(type);
        var series = Series(site, days: 40);
        var issue = series.Start.AddDays(30).AddHours(5);
        var weather = futureWeather ? series : null;

        var alone = builder.Build(site, series, weather, [issue], lookback, 36, futureWeather);
        var among = builder.Build(site, series, weather, [issue.AddDays(-20), issue.AddDays(-3), issue], lookback, 36, futureWeather);

        Assert.Multiple(() =>
        {
            Assert.That(alone.Encoder, Is.EqualTo(among.Encoder.AsSpan(2 * lookback * among.EncoderWidth).ToArray()));
            Assert.That(alone.Decoder, Is.EqualTo(among.Decoder.AsSpan(2 * 36 * among.DecoderWidth).ToArray()));
            Assert.That(alone.Target, Is.EqualTo(among.Target.AsSpan(2 * 36).ToArray()));
            Assert.That(alone.Daylight, Is.EqualTo(among.Daylight.AsSpan(2 * 36).ToArray()));
            Assert.That(alone.PhysicalKw, Is.EqualTo(among.PhysicalKw.AsSpan(2 * 36).ToArray()));
            Assert.That(alone.ClearSkyKw, Is.EqualTo(among.ClearSkyKw.AsSpan(2 * 36).ToArray()));
        });
    }
}
