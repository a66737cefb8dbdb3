using SolarSync.Modules.Shared.Calendar;

namespace SolarSync.Tests.Shared.Calendar;

public sealed class PublicHolidaysTests
{
    [TestCase("US", "2024-07-04")] // Independence Day
    [TestCase("US", "2024-11-28")] // Thanksgiving, fourth Thursday of November
    [TestCase("DE", "2024-10-03")] // Day of German Unity
    [TestCase("DE", "2024-05-09")] // Ascension, 39 days after Easter
    [TestCase("MA", "2017-07-30")] // Throne Day
    [TestCase("MA", "2017-11-18")] // Independence Day
    [TestCase("MA", "2017-06-26")] // Eid al-Fitr as Morocco kept it
    [TestCase("MA", "2017-09-01")] // Eid al-Adha
    [TestCase("ma", "2017-12-01")] // the Mawlid, as Morocco kept it; codes in any case
    public void Known_holidays_are_holidays(string country, string date) =>
        Assert.That(PublicHolidays.IsHoliday(country, DateOnly.Parse(date)), Is.True);

    [TestCase("US", "2024-07-03")]
    [TestCase("DE", "2024-10-02")]
    [TestCase("MA", "2017-10-10")]
    [TestCase(null, "2024-12-25")]
    [TestCase("XX", "2024-12-25")]
    public void Working_days_and_unknown_countries_are_not(string? country, string date) =>
        Assert.That(PublicHolidays.IsHoliday(country, DateOnly.Parse(date)), Is.False);

    [TestCase("US", "2024-07-05", true)]  // Friday after a Thursday holiday
    [TestCase("DE", "2024-10-04", true)]  // Friday after a Thursday holiday
    [TestCase("DE", "2019-12-23", false)] // Monday before Tuesday 24 December: not a German public holiday
    [TestCase("FR", "2024-04-29", false)] // an ordinary Monday
    [TestCase("FR", "2025-05-02", true)]  // Friday after Thursday 1 May
    [TestCase("US", "2024-07-04", false)] // the holiday itself is not a bridge day
    public void A_working_day_between_a_holiday_and_the_weekend_is_a_bridge_day(string country, string date, bool bridge) =>
        Assert.That(PublicHolidays.IsBridgeDay(country, DateOnly.Parse(date)), Is.EqualTo(bridge));

    [Test]
    public void Ramadan_is_flagged_where_the_calendar_follows_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PublicHolidays.IsRamadan("MA", new DateOnly(2017, 6, 10)), Is.True);
            Assert.That(PublicHolidays.IsRamadan("MA", new DateOnly(2017, 7, 10)), Is.False);
            Assert.That(PublicHolidays.IsRamadan("DE", new DateOnly(2017, 6, 10)), Is.False);
        });
    }
}
