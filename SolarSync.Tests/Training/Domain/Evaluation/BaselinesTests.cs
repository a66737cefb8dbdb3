using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Training.Domain.Evaluation;

namespace SolarSync.Tests.Training.Domain.Evaluation;

public sealed class BaselinesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Persistence_repeats_the_value_lag_hours_earlier()
    {
        Assert.That(Baselines.Persistence([1, 2, 3, 4, 5], lagHours: 2), Is.EqualTo(new[] { double.NaN, double.NaN, 1, 2, 3 }));
    }

    [Test]
    public void Day_ahead_persistence_finds_the_hour_24_h_earlier_by_timestamp_across_gaps()
    {
        // Hours 2–23 of the first day are missing, so the value 24 h earlier is not 24 positions earlier.
        DateTimeOffset[] hours = [T0, T0.AddHours(1), T0.AddHours(24), T0.AddHours(25), T0.AddHours(26)];
        double[] actual = [10, 20, 30, 40, 50];

        var predicted = Baselines.Persistence24h(actual, hours);

        Assert.That(predicted, Is.EqualTo(new[] { double.NaN, double.NaN, 10, 20, double.NaN }));
    }

    [Test]
    public void Day_ahead_persistence_matches_instants_given_with_different_offsets()
    {
        // The same instant written in UTC+2 still finds its predecessor written in UTC.
        DateTimeOffset[] hours = [T0, T0.AddHours(24).ToOffset(TimeSpan.FromHours(2))];
        Assert.That(Baselines.Persistence24h([7, 9], hours), Is.EqualTo(new[] { double.NaN, 7 }));
    }

    [Test]
    public void Smart_persistence_carries_the_clear_sky_index_forward()
    {
        // Lag 3: hour 4 takes k = 25/50 = 0.5 from hour 1 → 0.5 × 60 = 30; hour 5 takes k = 80/100 = 0.8 → 0.8 × 80 = 64.
        // Hours 0 and 3 are night (clear-sky 0) → 0; hours 1 and 2 have no history → NaN.
        double[] clearSky = [0, 50, 100, 0, 60, 80];
        double[] actual = [0, 25, 80, 0, 30, 70];

        var predicted = Baselines.SmartPersistence(actual, clearSky, lagHours: 3);

        Assert.That(predicted, Is.EqualTo(new[] { 0, double.NaN, double.NaN, 0, 30, 64 }).Within(1e-12));
    }

    [Test]
    public void Smart_persistence_uses_index_zero_when_the_earlier_sun_is_too_low()
    {
        // Hour 0's clear-sky 0.5 kW is within 1 % of the 100 kW peak: its index 3/0.5 = 6 is noise, so k = 0.
        var predicted = Baselines.SmartPersistence([3, 90, 30], [0.5, 100, 40], lagHours: 2);
        Assert.That(predicted[2], Is.EqualTo(0));
    }

    [Test]
    public void Smart_persistence_cannot_predict_from_a_missing_actual()
    {
        var predicted = Baselines.SmartPersistence([double.NaN, 50], [100, 100], lagHours: 1);
        Assert.That(predicted[1], Is.NaN);
    }

    [Test]
    public void Climatology_averages_the_same_hour_of_the_same_month()
    {
        // June 1–10: value = hour, +2 on odd days → mean hour + 1; January 1–3: value = 2 × hour.
        var (actual, timestamps) = Training();

        var predicted = Baselines.HourlyClimatology(actual, timestamps,
            [new DateTimeOffset(2025, 6, 20, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 20, 3, 0, 0, TimeSpan.Zero)]);

        Assert.That(predicted, Is.EqualTo(new[] { 13.0, 4.0 }).Within(1e-12));
    }

    [Test]
    public void Climatology_falls_back_to_all_months_when_a_month_has_fewer_than_five_days()
    {
        // January has 3 days, July none → all months at 12:00: June (10 × 12 + 5 × 2) + January 3 × 24 = 202 over 13.
        var (actual, timestamps) = Training();

        var predicted = Baselines.HourlyClimatology(actual, timestamps,
            [new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero)]);

        Assert.That(predicted, Is.EqualTo(new[] { 202.0 / 13, 202.0 / 13 }).Within(1e-12));
    }

    [Test]
    public void Climatology_skips_missing_training_values_and_gives_NaN_for_an_hour_never_seen()
    {
        DateTimeOffset[] timestamps = [T0.AddHours(5), T0.AddHours(29), T0.AddHours(53)];
        var predicted = Baselines.HourlyClimatology([4, double.NaN, 6], timestamps, [T0.AddDays(10).AddHours(5), T0.AddDays(10).AddHours(6)]);
        Assert.That(predicted, Is.EqualTo(new[] { 5, double.NaN }));
    }

    [Test]
    public void Climatology_groups_by_local_month_when_given_the_utc_offset()
    {
        // A site at UTC+10: June (local) produces 10 kW every hour, July 1–5 (local) 50 kW. 2025-06-30 20:00 UTC is
        // 1 July 06:00 local, so the local calendar picks the July profile; the UTC calendar sees a June evening.
        var offset = TimeSpan.FromHours(10);
        var actual = new List<double>();
        var timestamps = new List<DateTimeOffset>();
        for (var local = new DateTime(2025, 6, 1); local < new DateTime(2025, 7, 6); local = local.AddHours(1))
        {
            actual.Add(local.Month == 6 ? 10 : 50);
            timestamps.Add(new DateTimeOffset(local, offset).ToUniversalTime());
        }

        DateTimeOffset[] test = [new(2025, 6, 30, 20, 0, 0, TimeSpan.Zero)];

        Assert.Multiple(() =>
        {
            Assert.That(Baselines.HourlyClimatology(actual.ToArray(), timestamps.ToArray(), test, localUtcOffsetHours: 10)[0], Is.EqualTo(50));
            Assert.That(Baselines.HourlyClimatology(actual.ToArray(), timestamps.ToArray(), test)[0], Is.LessThan(20));
        });
    }

    [Test]
    public void Clip_bounds_values_to_zero_and_capacity_and_keeps_missing_values_missing()
    {
        Assert.That(Baselines.ClipToCapacity([-1, 5, 12, double.NaN], 10), Is.EqualTo(new[] { 0, 5, 10, double.NaN }));
    }

    private static (double[] Actual, DateTimeOffset[] Timestamps) Training()
    {
        var actual = new List<double>();
        var timestamps = new List<DateTimeOffset>();
        for (var day = 1; day <= 10; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                timestamps.Add(new DateTimeOffset(2025, 6, day, hour, 0, 0, TimeSpan.Zero));
                actual.Add(hour + (day % 2 == 1 ? 2 : 0));
            }
        }

        for (var day = 1; day <= 3; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                timestamps.Add(new DateTimeOffset(2025, 1, day, hour, 0, 0, TimeSpan.Zero));
                actual.Add(2 * hour);
            }
        }

        return (actual.ToArray(), timestamps.ToArray());
    }
}
