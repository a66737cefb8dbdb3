using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;
using static SolarSync.Tests.Validation.ValidationTestData;

namespace SolarSync.Tests.Validation;

public sealed class GapFillingTests
{
    [Test]
    public void A_two_hour_gap_is_filled_by_linear_interpolation_of_every_field()
    {
        var before = At(10) with { GhiWm2 = 400, TempC = 20, PressureHpa = 1010, WindDirDeg = 100, PowerKw = 300 };
        var after = At(13) with { GhiWm2 = 700, TempC = 23, PressureHpa = 1007, WindDirDeg = 160, PowerKw = 600 };

        var outcome = Validator().Validate([before, after], Site);

        Assert.That(outcome.Accepted.Select(o => o.Ts.Hour), Is.EqualTo(new[] { 10, 11, 12, 13 }));
        var (h11, h12) = (outcome.Accepted[1], outcome.Accepted[2]);
        Assert.Multiple(() =>
        {
            Assert.That(new[] { h11.Imputed, h12.Imputed }, Is.All.True);
            Assert.That(new[] { outcome.Accepted[0].Imputed, outcome.Accepted[3].Imputed }, Is.All.False);
            Assert.That(new[] { h11.GhiWm2, h12.GhiWm2 }, Is.EqualTo(new double?[] { 500, 600 }).Within(1e-9));
            Assert.That(new[] { h11.TempC, h12.TempC }, Is.EqualTo(new double?[] { 21, 22 }).Within(1e-9));
            Assert.That(new[] { h11.PressureHpa, h12.PressureHpa }, Is.EqualTo(new double?[] { 1009, 1008 }).Within(1e-9));
            Assert.That(new[] { h11.WindDirDeg, h12.WindDirDeg }, Is.EqualTo(new double?[] { 120, 140 }).Within(1e-9));
            Assert.That(new[] { h11.PowerKw, h12.PowerKw }, Is.EqualTo(new double?[] { 400, 500 }).Within(1e-9));
            Assert.That(h11.DniWm2, Is.Null, "a field missing at both ends stays missing");
            Assert.That(h11.SiteId, Is.EqualTo(SiteId));
            Assert.That(h11.Source, Is.EqualTo(ObservationSources.Meter));
            Assert.That(h11.Flags, Is.EqualTo(QualityFlags.None));
            Assert.That(outcome.CountsByRule, Is.EqualTo(new Dictionary<string, int> { [ValidationRuleIds.Imputed] = 2 }));
        });
    }

    [Test]
    public void A_five_hour_gap_stays_missing()
    {
        var outcome = Validator().Validate([At(8) with { TempC = 15 }, At(14) with { TempC = 21 }], Site);

        Assert.That(outcome.Accepted.Select(o => o.Ts.Hour), Is.EqualTo(new[] { 8, 14 }));
        Assert.That(outcome.CountsByRule, Does.Not.ContainKey(ValidationRuleIds.Imputed));
    }

    [TestCase(1, 1)]
    [TestCase(3, 3)]
    [TestCase(4, 0)]
    public void Gaps_of_up_to_three_missing_hours_are_filled(int missingHours, int expectedImputed)
    {
        var outcome = Validator().Validate([At(8) with { TempC = 15 }, At(9 + missingHours) with { TempC = 21 }], Site);

        Assert.That(outcome.Accepted.Count(o => o.Imputed), Is.EqualTo(expectedImputed));
    }

    [Test]
    public void Wind_direction_is_interpolated_the_short_way_round()
    {
        var outcome = Validator().Validate([At(10) with { WindDirDeg = 350 }, At(13) with { WindDirDeg = 20 }], Site);

        Assert.That(outcome.Accepted.Where(o => o.Imputed).Select(o => o.WindDirDeg), Is.EqualTo(new double?[] { 0, 10 }).Within(1e-9));
    }

    [Test]
    public void Imputed_irradiance_stays_zero_after_sunset()
    {
        // FakeSunModel: 17 h is above the horizon (5°), 18 and 19 h are below.
        var outcome = Validator().Validate([At(16) with { GhiWm2 = 100, TempC = 15 }, At(20) with { GhiWm2 = 0, TempC = 11 }], Site);

        var imputed = outcome.Accepted.Where(o => o.Imputed).ToList();
        Assert.That(imputed.Select(o => o.Ts.Hour), Is.EqualTo(new[] { 17, 18, 19 }));
        Assert.That(imputed.Select(o => o.GhiWm2), Is.EqualTo(new double?[] { 75, 0, 0 }).Within(1e-9));
        Assert.That(imputed.Select(o => o.TempC), Is.EqualTo(new double?[] { 14, 13, 12 }).Within(1e-9));
    }

    [Test]
    public void A_gap_between_the_stored_history_and_the_batch_is_filled()
    {
        var history = new[] { At(9) with { TempC = 10 } };

        var outcome = Validator().Validate([At(12) with { TempC = 13 }], Site, history);

        Assert.That(outcome.Accepted.Select(o => (o.Ts.Hour, o.TempC, o.Imputed)),
            Is.EqualTo(new[] { (10, (double?)11.0, true), (11, 12.0, true), (12, 13.0, false) }));
    }

    [Test]
    public void An_hour_already_stored_is_not_imputed()
    {
        var history = new[] { At(11) with { TempC = 12 } };

        var outcome = Validator().Validate([At(10) with { TempC = 10 }, At(12) with { TempC = 14 }], Site, history);

        Assert.That(outcome.Accepted.Select(o => o.Ts.Hour), Is.EqualTo(new[] { 10, 12 }));
    }

    [Test]
    public void Gaps_are_filled_per_source()
    {
        var batch = new[]
        {
            At(10, ObservationSources.Meter) with { PowerKw = 100 },
            At(10, ObservationSources.NasaPower) with { TempC = 10 },
            At(11, ObservationSources.NasaPower) with { TempC = 11 },
            At(12, ObservationSources.Meter) with { PowerKw = 300 },
            At(12, ObservationSources.NasaPower) with { TempC = 12 },
        };

        var outcome = Validator().Validate(batch, Site);

        Assert.That(outcome.Accepted.Where(o => o.Imputed).Select(o => (o.Source, o.Ts.Hour, o.PowerKw)),
            Is.EqualTo(new[] { (ObservationSources.Meter, 11, (double?)200.0) }));
    }
}
