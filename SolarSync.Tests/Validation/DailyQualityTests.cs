using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;
using static SolarSync.Tests.Validation.ValidationTestData;

namespace SolarSync.Tests.Validation;

public sealed class DailyQualityTests
{
    [Test]
    public void A_batch_across_midnight_is_scored_per_utc_day()
    {
        // Day 1: 22 and 23 h accepted -> 2 expected, 2 present, nothing rejected or flagged: 1 × 1 × 1.
        // Day 2: 00 h accepted, 01 h rejected (80 °C) and imputed, 02 h accepted:
        //   completeness 2 present / 3 expected, validity 2 measured / 3 received, consistency 1 -> 4/9.
        var batch = new[]
        {
            At(22) with { TempC = 10 }, At(23) with { TempC = 11 },
            At(24) with { TempC = 12 }, At(25) with { TempC = 80 }, At(26) with { TempC = 13 },
        };
        var outcome = Validator().Validate(batch, Site);

        var days = DailyQuality.Compute(outcome);

        Assert.That(days, Has.Count.EqualTo(2));
        Assert.That(days[0], Is.EqualTo(new DailyQualityScore(SiteId, new DateOnly(2024, 6, 1), new QualityScore(1, 1, 1), 2, 0, 0)));
        Assert.That(days[1].DateUtc, Is.EqualTo(new DateOnly(2024, 6, 2)));
        Assert.That(days[1].Score.Completeness, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(days[1].Score.Validity, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(days[1].Score.Consistency, Is.EqualTo(1));
        Assert.That(days[1].Score.Overall, Is.EqualTo(4.0 / 9).Within(1e-12));
        Assert.That((days[1].AcceptedRows, days[1].RejectedRows, days[1].ImputedRows), Is.EqualTo((2, 1, 1)));
    }

    [Test]
    public void Flagged_rows_lower_the_consistency_of_their_day_only()
    {
        // Stored rows of two days; day 1 has one flagged row of four -> consistency 3/4.
        var accepted = new[]
        {
            At(10) with { TempC = 20 }, At(11) with { TempC = 21, Flags = QualityFlags.ZScoreOutlier },
            At(12) with { TempC = 22 }, At(13) with { TempC = 23 },
            At(34) with { TempC = 20 }, At(35) with { TempC = 21 },
        };

        var days = DailyQuality.Compute(accepted);

        Assert.That(days.Select(d => d.Score.Consistency), Is.EqualTo(new[] { 0.75, 1.0 }));
        Assert.That(days.Select(d => d.Score.Completeness), Is.EqualTo(new[] { 1.0, 1.0 }));
    }

    [Test]
    public void Days_are_kept_apart_per_site()
    {
        var accepted = new[] { At(10), At(11) with { SiteId = SiteId + 1 } };

        var days = DailyQuality.Compute(accepted);

        Assert.That(days.Select(d => d.SiteId), Is.EqualTo(new[] { SiteId, SiteId + 1 }));
    }

    [Test]
    public void A_rejection_whose_payload_is_not_a_row_is_left_out()
    {
        var unreadable = new Rejection(ObservationSources.Psm3, SiteId, "2024,6,1,10,30,garbage", ["unparsable"]);

        var days = DailyQuality.Compute([At(10) with { TempC = 20 }], [unreadable]);

        Assert.That(days.Single().Score, Is.EqualTo(new QualityScore(1, 1, 1)));
        Assert.That(days.Single().RejectedRows, Is.Zero);
    }
}
