using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;
using SolarSync.Modules.Validation.Domain;
using static SolarSync.Tests.Validation.ValidationTestData;

namespace SolarSync.Tests.Validation;

public sealed class SoftRulesTests
{
    private static Observation Single(params Observation[] batch) => Validator().Validate(batch, Site).Accepted.Single();

    // Irradiance at night (FakeSunModel: 02 h is −30°, 05 h is −3°).

    [Test]
    public void Irradiance_at_night_is_flagged_and_the_row_kept()
    {
        var outcome = Validator().Validate([At(2) with { GhiWm2 = 20 }], Site);

        Assert.That(outcome.Accepted.Single().Flags, Is.EqualTo(QualityFlags.NightIrradiance));
        Assert.That(outcome.CountsByRule, Is.EqualTo(new Dictionary<string, int> { [ValidationRuleIds.NightIrradiance] = 1 }));
    }

    [Test]
    public void Direct_irradiance_at_night_is_flagged_too()
    {
        Assert.That(Single(At(2) with { GhiWm2 = 0, DniWm2 = 40 }).Flags, Is.EqualTo(QualityFlags.NightIrradiance));
    }

    [Test]
    public void A_sensor_offset_of_a_few_watts_at_night_is_not_flagged()
    {
        Assert.That(Single(At(2) with { GhiWm2 = 5 }).Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void Irradiance_in_twilight_less_than_5_degrees_below_the_horizon_is_not_flagged_as_night()
    {
        // 30 W/m² at −3°: below the 50 W/m² low-sun margin of the clear-sky rule as well.
        Assert.That(Single(At(5) with { GhiWm2 = 30 }).Flags, Is.EqualTo(QualityFlags.None));
    }

    // Above clear sky (60°: clear-sky GHI 866.03, limit 1.3 × 866.03 = 1125.8 W/m²;
    // 5°: clear-sky GHI 87.16, limit 1.3 × 87.16 + 50 = 163.3 W/m²).

    [Test]
    public void Ghi_more_than_30_percent_above_clear_sky_is_flagged()
    {
        Assert.That(Single(At(12) with { GhiWm2 = 1130 }).Flags, Is.EqualTo(QualityFlags.AboveClearSky));
    }

    [Test]
    public void Ghi_up_to_30_percent_above_clear_sky_is_not_flagged()
    {
        Assert.That(Single(At(12) with { GhiWm2 = 1120 }).Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void Ghi_near_sunrise_gets_a_50_watt_margin_over_clear_sky()
    {
        // 150 W/m² is 1.7 × clear sky, yet within 1.3 × 87.16 + 50 = 163.3 W/m².
        Assert.That(Single(At(6) with { GhiWm2 = 150 }).Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void Ghi_near_sunset_beyond_the_margin_is_flagged()
    {
        Assert.That(Single(At(17) with { GhiWm2 = 170 }).Flags, Is.EqualTo(QualityFlags.AboveClearSky));
    }

    // Closure at 60° elevation: cos z = cos 30° = 0.8660; DNI 800 and DHI 100 give 792.8 W/m².

    [Test]
    public void Components_that_add_up_to_ghi_within_15_percent_are_not_flagged()
    {
        // |800 − 792.8| / 800 = 0.9 %.
        Assert.That(Single(At(12) with { GhiWm2 = 800, DniWm2 = 800, DhiWm2 = 100 }).Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void Components_that_miss_ghi_by_more_than_15_percent_are_flagged_as_closure_mismatch()
    {
        // |1000 − 792.8| / 1000 = 20.7 %.
        Assert.That(Single(At(12) with { GhiWm2 = 1000, DniWm2 = 800, DhiWm2 = 100 }).Flags, Is.EqualTo(QualityFlags.ClosureMismatch));
    }

    [Test]
    public void Closure_is_not_tested_at_50_watts_or_less()
    {
        Assert.That(Single(At(12) with { GhiWm2 = 50, DniWm2 = 0, DhiWm2 = 10 }).Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void Closure_is_not_tested_when_a_component_is_missing()
    {
        Assert.That(Single(At(12) with { GhiWm2 = 1000, DniWm2 = 800 }).Flags, Is.EqualTo(QualityFlags.None));
    }

    // Dew point.

    [Test]
    public void Magnus_dew_point_matches_the_tabulated_value()
    {
        // 20 °C at 50 % has a dew point of 9.3 °C (psychrometric tables).
        Assert.That(SoftRules.DewPointC(20, 50), Is.EqualTo(9.26).Within(0.05));
    }

    [Test]
    public void Saturated_air_has_its_dew_point_at_the_temperature_and_is_not_flagged()
    {
        Assert.That(SoftRules.DewPointC(20, 100), Is.EqualTo(20).Within(1e-9));
        Assert.That(Single(At(12) with { TempC = 20, RelHumidityPct = 100 }).Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void Dew_point_above_temperature_is_flagged_on_inconsistent_humidity()
    {
        // Only RH above 100 % can do this, and the range rule rejects such rows before the soft rules run,
        // so the rule is tested directly: at 110 % the dew point is 21.55 °C, above 20 + 0.5 °C.
        var row = At(12) with { TempC = 20, RelHumidityPct = 110 };

        Assert.That(SoftRules.DewPointAboveTemperature(row), Is.True);
    }

    [Test]
    public void Dew_point_within_half_a_degree_above_temperature_is_tolerated()
    {
        // 102 % gives a dew point of 20.31 °C.
        Assert.That(SoftRules.DewPointAboveTemperature(At(12) with { TempC = 20, RelHumidityPct = 102 }), Is.False);
    }

    // Flatliner (daylight is 06–17 h in FakeSunModel).

    private static Observation[] Hours(int from, int count, Func<Observation, Observation> set) =>
        Enumerable.Range(from, count).Select(h => set(At(h))).ToArray();

    [Test]
    public void The_same_value_for_six_daylight_hours_flags_all_six_rows()
    {
        var outcome = Validator().Validate(Hours(8, 6, o => o with { TempC = 20.5 }), Site);

        Assert.That(outcome.Accepted.Select(o => o.Flags), Is.All.EqualTo(QualityFlags.Flatliner));
        Assert.That(outcome.CountsByRule[ValidationRuleIds.Flatliner], Is.EqualTo(6));
    }

    [Test]
    public void The_same_value_for_five_daylight_hours_is_not_a_flatliner()
    {
        var outcome = Validator().Validate(Hours(8, 5, o => o with { TempC = 20.5 }), Site);

        Assert.That(outcome.Accepted.Select(o => o.Flags), Is.All.EqualTo(QualityFlags.None));
    }

    [Test]
    public void Only_the_rows_of_the_run_are_flagged()
    {
        var batch = Hours(8, 8, o => o with { TempC = o.Ts.Hour is >= 9 and <= 14 ? 20.5 : o.Ts.Hour });

        var flagged = Validator().Validate(batch, Site).Accepted.Where(o => o.Flags == QualityFlags.Flatliner).Select(o => o.Ts.Hour);

        Assert.That(flagged, Is.EqualTo(new[] { 9, 10, 11, 12, 13, 14 }));
    }

    [Test]
    public void Six_hours_of_zero_are_not_a_flatliner()
    {
        var outcome = Validator().Validate(Hours(8, 6, o => o with { WindSpeed10mMs = 0 }), Site);

        Assert.That(outcome.Accepted.Select(o => o.Flags), Is.All.EqualTo(QualityFlags.None));
    }

    [Test]
    public void A_run_broken_by_a_night_hour_is_not_a_flatliner()
    {
        // 15, 16, 17 h are daylight, 18 h is not, 19 and 20 h are night.
        var outcome = Validator().Validate(Hours(15, 6, o => o with { PressureHpa = 1003.2 }), Site);

        Assert.That(outcome.Accepted.Select(o => o.Flags), Is.All.EqualTo(QualityFlags.None));
    }

    [Test]
    public void A_consumer_meter_stuck_through_the_night_is_a_flatliner_where_a_plant_at_night_is_not()
    {
        // 18 h to 23 h are night in FakeSunModel; a plant's output is constant then, a consumer's demand is not.
        var night = Hours(18, 6, o => o with { PowerKw = 42.5 });

        var meter = Validator().Validate(night, Site with { IsConsumer = true });
        var plant = Validator().Validate(night, Site);

        Assert.That(meter.Accepted.Select(o => o.Flags), Is.All.EqualTo(QualityFlags.Flatliner));
        Assert.That(plant.Accepted.Select(o => o.Flags), Is.All.EqualTo(QualityFlags.None));
    }

    [Test]
    public void Saturated_humidity_for_hours_is_not_a_flatliner()
    {
        var outcome = Validator().Validate(Hours(8, 8, o => o with { RelHumidityPct = 100 }), Site);

        Assert.That(outcome.Accepted.Select(o => o.Flags), Is.All.EqualTo(QualityFlags.None));
    }

    [Test]
    public void A_run_that_started_in_the_history_flags_the_batch_rows_that_continue_it()
    {
        var history = Hours(8, 3, o => o with { TempC = 20.5 });
        var batch = Hours(11, 3, o => o with { TempC = 20.5 });

        var outcome = Validator().Validate(batch, Site, history);

        Assert.That(outcome.Accepted, Has.Count.EqualTo(3));
        Assert.That(outcome.Accepted.Select(o => o.Flags), Is.All.EqualTo(QualityFlags.Flatliner));
    }

    // z-score against the trailing 30 days.

    private static Observation[] AlternatingHistory(DateTimeOffset before, int hours) =>
        Enumerable.Range(1, hours).Select(h => At(before.AddHours(-h)) with { TempC = h % 2 == 0 ? 19 : 21 }).ToArray();

    [Test]
    public void A_value_more_than_three_deviations_from_the_window_mean_is_a_z_score_outlier()
    {
        // 100 history values of 19 and 21 plus 25: mean 20.05, sd 1.117, z = 4.43.
        var ts = Day.AddDays(4).AddHours(2);

        var outcome = Validator().Validate([At(ts) with { TempC = 25 }], Site, AlternatingHistory(ts, 100));

        Assert.That(outcome.Accepted.Single().Flags, Is.EqualTo(QualityFlags.ZScoreOutlier));
        Assert.That(outcome.CountsByRule[ValidationRuleIds.ZScore], Is.EqualTo(1));
    }

    [Test]
    public void A_value_within_three_deviations_is_not_an_outlier()
    {
        // mean 20.01, sd 1.01, z = 1.47.
        var ts = Day.AddDays(4).AddHours(2);

        var outcome = Validator().Validate([At(ts) with { TempC = 21.5 }], Site, AlternatingHistory(ts, 100));

        Assert.That(outcome.Accepted.Single().Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void The_z_score_needs_at_least_72_values_in_the_window()
    {
        // 70 history values plus the row itself make 71.
        var ts = Day.AddDays(4).AddHours(2);

        var outcome = Validator().Validate([At(ts) with { TempC = 25 }], Site, AlternatingHistory(ts, 70));

        Assert.That(outcome.Accepted.Single().Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void History_older_than_30_days_is_outside_the_window()
    {
        var ts = Day.AddDays(4).AddHours(2);
        var old = AlternatingHistory(ts.AddDays(-30), 100);

        var outcome = Validator().Validate([At(ts) with { TempC = 25 }], Site, old);

        Assert.That(outcome.Accepted.Single().Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void History_of_another_source_is_not_part_of_the_window()
    {
        var ts = Day.AddDays(4).AddHours(2);
        var history = AlternatingHistory(ts, 100).Select(o => o with { Source = ObservationSources.NasaPower }).ToArray();

        var outcome = Validator().Validate([At(ts) with { TempC = 25 }], Site, history);

        Assert.That(outcome.Accepted.Single().Flags, Is.EqualTo(QualityFlags.None));
    }

    [Test]
    public void A_row_breaking_several_soft_rules_carries_every_flag()
    {
        // Noon: 1300 W/m² is above 1125.8, and DNI 300·0.866 + DHI 100 = 359.8 misses it by 72 %.
        var row = Single(At(12) with { GhiWm2 = 1300, DniWm2 = 300, DhiWm2 = 100 });

        Assert.That(row.Flags, Is.EqualTo(QualityFlags.AboveClearSky | QualityFlags.ClosureMismatch));
    }
}
