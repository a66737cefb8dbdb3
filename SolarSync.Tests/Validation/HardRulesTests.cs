using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;
using static SolarSync.Tests.Validation.ValidationTestData;

namespace SolarSync.Tests.Validation;

public sealed class HardRulesTests
{
    private static IEnumerable<TestCaseData> OutOfRange()
    {
        // Capacity is 1000 kW, so power may lie within −10…1100 kW.
        (string Rule, Func<Observation, Observation> Set)[] cases =
        [
            ("range:ghi", o => o with { GhiWm2 = -0.1 }), ("range:ghi", o => o with { GhiWm2 = 1500.1 }),
            ("range:dni", o => o with { DniWm2 = -1 }), ("range:dni", o => o with { DniWm2 = 1401 }),
            ("range:dhi", o => o with { DhiWm2 = -1 }), ("range:dhi", o => o with { DhiWm2 = 901 }),
            ("range:temp", o => o with { TempC = -60.1 }), ("range:temp", o => o with { TempC = 60.1 }),
            ("range:humidity", o => o with { RelHumidityPct = -1 }), ("range:humidity", o => o with { RelHumidityPct = 100.1 }),
            ("range:pressure", o => o with { PressureHpa = 869 }), ("range:pressure", o => o with { PressureHpa = 1086 }),
            ("range:wind-10m", o => o with { WindSpeed10mMs = -0.5 }), ("range:wind-10m", o => o with { WindSpeed10mMs = 76 }),
            ("range:wind-100m", o => o with { WindSpeed100mMs = -0.5 }), ("range:wind-100m", o => o with { WindSpeed100mMs = 76 }),
            ("range:wind-dir", o => o with { WindDirDeg = -1 }), ("range:wind-dir", o => o with { WindDirDeg = 361 }),
            ("range:cloud", o => o with { CloudCoverPct = -1 }), ("range:cloud", o => o with { CloudCoverPct = 101 }),
            ("range:power", o => o with { PowerKw = -11 }), ("range:power", o => o with { PowerKw = 1101 }),
            ("range:ghi", o => o with { GhiWm2 = double.NaN }), ("range:temp", o => o with { TempC = double.PositiveInfinity }),
        ];
        return cases.Select((c, i) => new TestCaseData(c.Rule, c.Set).SetArgDisplayNames($"{i:00} {c.Rule}"));
    }

    private static IEnumerable<TestCaseData> OnTheBoundary()
    {
        Func<Observation, Observation>[] cases =
        [
            o => o with { GhiWm2 = 0, DniWm2 = 0, DhiWm2 = 0, TempC = -60, RelHumidityPct = 0, PressureHpa = 870,
                WindSpeed10mMs = 0, WindSpeed100mMs = 0, WindDirDeg = 0, CloudCoverPct = 0, PowerKw = -10 },
            o => o with { GhiWm2 = 1500, DniWm2 = 1400, DhiWm2 = 900, TempC = 60, RelHumidityPct = 100, PressureHpa = 1085,
                WindSpeed10mMs = 75, WindSpeed100mMs = 75, WindDirDeg = 360, CloudCoverPct = 100, PowerKw = 1100 },
        ];
        return cases.Select((c, i) => new TestCaseData(c).SetArgDisplayNames(i == 0 ? "lower bounds" : "upper bounds"));
    }

    [Test]
    public void Validate_accepts_a_row_with_every_value_in_range()
    {
        var outcome = Validator().Validate([Typical(10)], Site);

        Assert.That(outcome.Rejected, Is.Empty);
        Assert.That(outcome.Accepted, Has.Count.EqualTo(1));
        Assert.That(outcome.CountsByRule, Is.Empty);
    }

    [TestCaseSource(nameof(OnTheBoundary))]
    public void Validate_accepts_values_on_the_bounds_of_each_range(Func<Observation, Observation> set)
    {
        // Soft rules may flag such a row (1500 W/m² at noon is above clear sky); the hard rules must keep it.
        var outcome = Validator().Validate([set(At(12))], Site);

        Assert.That(outcome.Rejected, Is.Empty);
    }

    [TestCaseSource(nameof(OutOfRange))]
    public void Validate_rejects_a_value_outside_its_physical_range(string rule, Func<Observation, Observation> set)
    {
        var outcome = Validator().Validate([set(Typical(10))], Site);

        Assert.That(outcome.Accepted, Is.Empty);
        Assert.That(outcome.Rejected, Has.Count.EqualTo(1));
        Assert.That(outcome.Rejected[0].Reasons, Has.Count.EqualTo(1));
        Assert.That(outcome.Rejected[0].Reasons[0], Does.StartWith(rule + ": "));
        Assert.That(outcome.CountsByRule, Is.EqualTo(new Dictionary<string, int> { [rule] = 1 }));
    }

    [Test]
    public void Validate_scales_the_power_range_with_the_site_capacity()
    {
        var smallSite = Site with { CapacityKw = 10 };

        var outcome = Validator().Validate([At(10) with { PowerKw = 10.9 }, At(11) with { PowerKw = 11.2 }], smallSite);

        Assert.That(outcome.Accepted.Select(o => o.PowerKw), Is.EqualTo(new double?[] { 10.9 }));
        Assert.That(outcome.Rejected.Single().Reasons.Single(), Does.StartWith("range:power: Power 11.2 kW is outside -0.1…11 kW"));
    }

    [Test]
    public void A_consumer_may_draw_up_to_150_percent_of_its_peak_demand_and_no_more()
    {
        var meter = Site with { CapacityKw = 10, IsConsumer = true };

        var outcome = Validator().Validate([At(10) with { PowerKw = 14.9 }, At(11) with { PowerKw = 15.2 }], meter);

        Assert.That(outcome.Accepted.Select(o => o.PowerKw), Is.EqualTo(new double?[] { 14.9 }));
        Assert.That(outcome.Rejected.Single().Reasons.Single(), Does.StartWith("range:power: Power 15.2 kW is outside -0.1…15 kW"));
    }

    [Test]
    public void A_consumer_row_is_checked_against_the_consumer_range_on_its_own_too()
    {
        var validator = Validator();
        var row = At(10) with { PowerKw = 14 };

        Assert.That(validator.HardRuleFailures(row, Site with { CapacityKw = 10, IsConsumer = true }), Is.Empty);
        Assert.That(validator.HardRuleFailures(row, Site with { CapacityKw = 10 }).Single(), Does.StartWith("range:power"));
    }

    [Test]
    public void Validate_rejects_a_timestamp_that_is_not_the_start_of_a_utc_hour()
    {
        var halfPast = At(Day.AddHours(10).AddMinutes(30));
        var localOffset = At(new DateTimeOffset(2024, 6, 1, 14, 0, 0, TimeSpan.FromHours(2)));

        var outcome = Validator().Validate([halfPast, localOffset], Site);

        Assert.That(outcome.Accepted, Is.Empty);
        Assert.That(outcome.CountsByRule[ValidationRuleIds.WholeHour], Is.EqualTo(2));
    }

    [Test]
    public void Validate_rejects_a_row_more_than_an_hour_ahead_of_the_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 12, 20, 0, TimeSpan.Zero));

        var outcome = Validator(clock).Validate([At(12), At(13), At(14)], Site);

        Assert.That(outcome.Accepted.Select(o => o.Ts.Hour), Is.EqualTo(new[] { 12, 13 }));
        Assert.That(outcome.Rejected.Single().Reasons.Single(), Does.StartWith("future: "));
    }

    [Test]
    public void Validate_follows_the_injected_clock_as_it_advances()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 12, 20, 0, TimeSpan.Zero));
        var validator = Validator(clock);
        Assert.That(validator.Validate([At(14)], Site).Rejected, Has.Count.EqualTo(1));

        clock.Advance(TimeSpan.FromHours(1));

        Assert.That(validator.Validate([At(14)], Site).Accepted, Has.Count.EqualTo(1));
    }

    [Test]
    public void Validate_rejects_a_row_earlier_than_the_previous_accepted_one_as_out_of_order()
    {
        var outcome = Validator().Validate([At(10), At(12), At(11)], Site);

        Assert.That(outcome.Accepted.Select(o => o.Ts.Hour), Is.EqualTo(new[] { 10, 11, 12 }),
            "11 h is rejected, then imputed between 10 h and 12 h");
        Assert.That(outcome.Accepted.Single(o => o.Ts.Hour == 11).Imputed, Is.True);
        Assert.That(outcome.Rejected.Single().Reasons.Single(), Does.StartWith("out-of-order: "));
    }

    [Test]
    public void Validate_rejects_a_repeated_hour_as_duplicate_and_keeps_the_first()
    {
        var outcome = Validator().Validate([At(10) with { TempC = 20 }, At(10) with { TempC = 21 }], Site);

        Assert.That(outcome.Accepted.Single().TempC, Is.EqualTo(20));
        Assert.That(outcome.Rejected.Single().Reasons.Single(), Does.StartWith("duplicate: "));
        Assert.That(outcome.CountsByRule, Is.EqualTo(new Dictionary<string, int> { ["duplicate"] = 1 }));
    }

    [Test]
    public void Validate_checks_order_separately_for_each_source()
    {
        var batch = new[]
        {
            At(10, ObservationSources.Meter), At(10, ObservationSources.NasaPower),
            At(11, ObservationSources.Meter), At(11, ObservationSources.NasaPower),
        };

        var outcome = Validator().Validate(batch, Site);

        Assert.That(outcome.Rejected, Is.Empty);
        Assert.That(outcome.Accepted, Has.Count.EqualTo(4));
    }

    [Test]
    public void Validate_accepts_a_correction_after_a_rejected_row_of_the_same_hour()
    {
        var outcome = Validator().Validate([At(10) with { TempC = 99 }, At(10) with { TempC = 21 }], Site);

        Assert.That(outcome.Accepted.Single().TempC, Is.EqualTo(21));
        Assert.That(outcome.Rejected.Single().Reasons.Single(), Does.StartWith("range:temp: "));
    }

    [Test]
    public void Validate_lists_every_reason_when_a_row_breaks_several_rules()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 9, 0, 0, TimeSpan.Zero));
        var broken = At(Day.AddHours(10).AddMinutes(30)) with { GhiWm2 = 1600, TempC = 70, PowerKw = -50, Source = " " };

        var outcome = Validator(clock).Validate([broken], Site);

        var reasons = outcome.Rejected.Single().Reasons;
        Assert.That(reasons.Select(r => r[..r.IndexOf(": ", StringComparison.Ordinal)]),
            Is.EquivalentTo(new[] { "range:ghi", "range:temp", "range:power", "source", "whole-hour", "future" }));
        Assert.That(reasons, Has.Some.EqualTo("range:ghi: GHI 1600 W/m² is outside 0…1500 W/m²"));
    }

    [Test]
    public void Validate_adds_the_order_reason_to_the_range_reasons()
    {
        var outcome = Validator().Validate([At(10), At(9) with { CloudCoverPct = 140 }], Site);

        Assert.That(outcome.Rejected.Single().Reasons.Select(r => r.Split(": ")[0]),
            Is.EqualTo(new[] { "range:cloud", "out-of-order" }));
        Assert.That(outcome.CountsByRule, Is.EqualTo(new Dictionary<string, int> { ["range:cloud"] = 1, ["out-of-order"] = 1 }));
    }

    [Test]
    public void Validate_quarantines_the_row_as_json_with_its_source_and_site()
    {
        var outcome = Validator().Validate([At(10) with { GhiWm2 = double.NaN, TempC = 21.5 }], Site);

        var rejection = outcome.Rejected.Single();
        Assert.That(rejection.Source, Is.EqualTo(ObservationSources.Meter));
        Assert.That(rejection.SiteId, Is.EqualTo(SiteId));
        Assert.That(rejection.RawPayload, Does.Contain("\"ghi_wm2\":\"NaN\""));
        Assert.That(rejection.RawPayload, Does.Contain("\"temp_c\":21.5"));
        Assert.That(rejection.RawPayload, Does.Contain("\"ts\":\"2024-06-01T10:00:00+00:00\""));
    }

    [Test]
    public void Validate_refuses_a_batch_that_mixes_sites()
    {
        Assert.That(() => Validator().Validate([At(10), At(11) with { SiteId = SiteId + 1 }], Site), Throws.ArgumentException);
    }

    [Test]
    public void Validate_refuses_a_site_without_a_positive_capacity()
    {
        Assert.That(() => Validator().Validate([At(10)], Site with { CapacityKw = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Validate_replaces_incoming_flags_with_its_own_findings()
    {
        var outcome = Validator().Validate([Typical(10) with { Flags = QualityFlags.Flatliner }], Site);

        Assert.That(outcome.Accepted.Single().Flags, Is.EqualTo(QualityFlags.None));
    }
}
