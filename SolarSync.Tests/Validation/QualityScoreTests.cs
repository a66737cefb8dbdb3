using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;
using static SolarSync.Tests.Validation.ValidationTestData;

namespace SolarSync.Tests.Validation;

public sealed class QualityScoreTests
{
    [Test]
    public void Overall_is_the_product_of_the_three_parts()
    {
        Assert.That(new QualityScore(0.5, 0.8, 0.25).Overall, Is.EqualTo(0.1).Within(1e-12));
    }

    [Test]
    public void The_score_of_a_small_batch_matches_the_hand_computation()
    {
        // Rows (GHI W/m², temperature °C), noon sun: clear-sky limit 1125.8 W/m².
        //   10 h  500, 20     accepted, clean
        //   11 h 1600, 21     rejected: range:ghi       (then imputed between 10 h and 12 h)
        //   12 h  600, —      accepted, clean
        //   13 h 1200, 22     accepted, flagged above clear sky
        // Completeness: span 10–13 h = 4 hours × 2 fields (GHI and temperature are sent) = 8 expected values;
        //   present in measured rows: 2 + 1 + 2 = 5 (the rejected and the imputed row count as missing) -> 5/8.
        // Validity:     3 measured of 4 received -> 3/4.
        // Consistency:  2 unflagged of 3 measured -> 2/3.
        // Overall:      5/8 × 3/4 × 2/3 = 0.3125.
        var batch = new[]
        {
            At(10) with { GhiWm2 = 500, TempC = 20 },
            At(11) with { GhiWm2 = 1600, TempC = 21 },
            At(12) with { GhiWm2 = 600 },
            At(13) with { GhiWm2 = 1200, TempC = 22 },
        };

        var outcome = Validator().Validate(batch, Site);

        Assert.That(outcome.Score.Completeness, Is.EqualTo(5.0 / 8).Within(1e-12));
        Assert.That(outcome.Score.Validity, Is.EqualTo(3.0 / 4).Within(1e-12));
        Assert.That(outcome.Score.Consistency, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(outcome.Score.Overall, Is.EqualTo(0.3125).Within(1e-12));
        Assert.That(outcome.CountsByRule, Is.EqualTo(new Dictionary<string, int>
        {
            [ValidationRuleIds.RangeGhi] = 1, [ValidationRuleIds.AboveClearSky] = 1, [ValidationRuleIds.Imputed] = 1,
        }));
        Assert.That(outcome.Accepted.Single(o => o.Imputed).GhiWm2, Is.EqualTo(550).Within(1e-9));
    }

    [Test]
    public void Each_source_is_expected_only_to_send_the_fields_it_sends()
    {
        // The meter sends power at 10 and 12 h (11 h is imputed, which counts as missing): span 10–12 h × 1 field
        // = 3 expected, 2 present. NASA POWER sends temperature at 10–12 h: 3 expected, 3 present. Neither is
        // blamed for the other's fields. Completeness = (2 + 3) / (3 + 3) = 5/6.
        var batch = new[]
        {
            At(10, ObservationSources.Meter) with { PowerKw = 100 },
            At(10, ObservationSources.NasaPower) with { TempC = 10 },
            At(11, ObservationSources.NasaPower) with { TempC = 11 },
            At(12, ObservationSources.Meter) with { PowerKw = 300 },
            At(12, ObservationSources.NasaPower) with { TempC = 12 },
        };

        var score = Validator().Validate(batch, Site).Score;

        Assert.That(score.Completeness, Is.EqualTo(5.0 / 6).Within(1e-12));
        Assert.That(score.Validity, Is.EqualTo(1));
        Assert.That(score.Consistency, Is.EqualTo(1));
    }

    [Test]
    public void A_row_from_the_future_lowers_validity_without_stretching_the_expected_span()
    {
        var clock = new FakeTimeProvider(Day.AddHours(12));

        var score = Validator(clock).Validate([At(10) with { TempC = 20 }, At(40) with { TempC = 20 }], Site).Score;

        Assert.That(score.Completeness, Is.EqualTo(1));
        Assert.That(score.Validity, Is.EqualTo(0.5));
    }

    [Test]
    public void An_empty_batch_scores_one()
    {
        var score = Validator().Validate([], Site).Score;

        Assert.That(score, Is.EqualTo(new QualityScore(1, 1, 1)));
    }

    [Test]
    public void A_fully_rejected_batch_scores_zero()
    {
        var score = Validator().Validate([At(10) with { TempC = 99 }, At(11) with { TempC = 99 }], Site).Score;

        Assert.That(score.Overall, Is.Zero);
        Assert.That(score.Completeness, Is.Zero);
    }
}
