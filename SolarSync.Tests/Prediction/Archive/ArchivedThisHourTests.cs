using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Prediction.Archive;

public sealed class ArchivedThisHourTests
{
    private static readonly DateTimeOffset Issue = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_stored_forecast_holds_for_the_same_key_up_to_its_horizon_only()
    {
        var archived = new ArchivedThisHour();
        Assert.That(archived.Holds(Forecast(siteId: 1, "v1", Issue, hours: 24)), Is.False, "nothing stored yet");

        archived.Stored(Forecast(siteId: 1, "v1", Issue, hours: 24));

        Assert.Multiple(() =>
        {
            Assert.That(archived.Holds(Forecast(siteId: 1, "v1", Issue, hours: 24)), Is.True);
            Assert.That(archived.Holds(Forecast(siteId: 1, "v1", Issue, hours: 6)), Is.True, "a shorter one is part of it");
            Assert.That(archived.Holds(Forecast(siteId: 1, "v1", Issue, hours: 48)), Is.False, "a longer one must replace it");
            Assert.That(archived.Holds(Forecast(siteId: 2, "v1", Issue, hours: 24)), Is.False);
            Assert.That(archived.Holds(Forecast(siteId: 1, "v2", Issue, hours: 24)), Is.False);
            Assert.That(archived.Holds(Forecast(siteId: 1, "v1", Issue.AddHours(1), hours: 24)), Is.False);
        });
    }

    [Test]
    public void A_shorter_store_never_lowers_the_horizon_held()
    {
        var archived = new ArchivedThisHour();
        archived.Stored(Forecast(siteId: 1, "v1", Issue, hours: 48));
        archived.Stored(Forecast(siteId: 1, "v1", Issue, hours: 24));

        Assert.That(archived.Holds(Forecast(siteId: 1, "v1", Issue, hours: 48)), Is.True);
    }

    [Test]
    public void Issue_hours_before_the_previous_one_are_forgotten_and_clear_forgets_all()
    {
        var archived = new ArchivedThisHour();
        archived.Stored(Forecast(siteId: 1, "v1", Issue, hours: 24));
        archived.Stored(Forecast(siteId: 1, "v1", Issue.AddHours(1), hours: 24));
        var previousKept = archived.Holds(Forecast(siteId: 1, "v1", Issue, hours: 24));
        archived.Stored(Forecast(siteId: 1, "v1", Issue.AddHours(2), hours: 24));
        var olderForgotten = !archived.Holds(Forecast(siteId: 1, "v1", Issue, hours: 24));
        archived.Clear();

        Assert.Multiple(() =>
        {
            Assert.That(previousKept, Is.True);
            Assert.That(olderForgotten, Is.True);
            Assert.That(archived.Holds(Forecast(siteId: 1, "v1", Issue.AddHours(2), hours: 24)), Is.False);
        });
    }

    private static SiteForecast Forecast(long siteId, string version, DateTimeOffset issue, int hours)
    {
        var site = new Site(siteId, "Plant " + siteId, PlantType.Solar, 39.7, -105.2, 500, 30, 180, null, null, "UTC", false, issue);
        var points = Enumerable.Range(0, hours).Select(h => new ForecastPoint(issue.AddHours(h), 10, 5, 15)).ToArray();
        return new SiteForecast(site, version, issue, issue.AddMinutes(5), points, new ForecastMetadata("observed", null, "miss", 48), 5.0);
    }
}
