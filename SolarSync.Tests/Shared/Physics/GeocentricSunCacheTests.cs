using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Tests.Shared.Physics;

[TestFixture]
public sealed class GeocentricSunCacheTests
{
    private static readonly (double Latitude, double Longitude, double ElevationM)[] Sites =
    [
        (39.742476, -105.1786, 1830.14), // Golden, CO
        (51.5, -0.12, 20),
        (-33.9, 18.4, 0),
        (64.1, -21.9, 50),
        (1.3, 103.8, 15),
    ];

    [Test]
    public void ForHour_from_the_shared_cache_equals_the_sun_computed_afresh_for_every_site_and_hour()
    {
        var start = new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
        // Twice over: the first pass fills the cache, the second reads it.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (latitude, longitude, elevationM) in Sites)
            {
                for (var hour = 0; hour < 24 * 40; hour += 7)
                {
                    var hourStart = start.AddHours(hour);
                    var cached = SolarPosition.ForHour(hourStart, latitude, longitude, elevationM);
                    var fresh = SolarPosition.Compute(hourStart.AddMinutes(30), latitude, longitude, elevationM);
                    AssertClose(cached, fresh);
                }
            }
        }
    }

    [Test]
    public void Instants_that_share_a_slot_each_get_their_own_sun()
    {
        var cache = new GeocentricSunCache(slotBits: 2); // 4 slots: hours 4 apart collide
        var start = new DateTimeOffset(2024, 6, 21, 0, 30, 0, TimeSpan.Zero);
        DateTimeOffset[] instants = [start, start.AddHours(4), start.AddMinutes(10), start.AddHours(8), start, start.AddHours(4)];

        foreach (var instant in instants)
        {
            var fresh = SolarPosition.Geocentric(SolarPosition.JulianDay(instant), SolarPosition.DefaultDeltaTSeconds);
            Assert.That(cache.Get(instant), Is.EqualTo(fresh), instant.ToString("O"));
        }
    }

    [Test]
    public void An_instant_with_an_offset_is_cached_by_its_UTC_time()
    {
        var cache = new GeocentricSunCache(slotBits: 4);
        var utc = new DateTimeOffset(2024, 1, 10, 15, 30, 0, TimeSpan.Zero);
        var local = utc.ToOffset(TimeSpan.FromHours(-7));

        Assert.That(cache.Get(local), Is.EqualTo(cache.Get(utc)));
    }

    private static void AssertClose(SolarAngles actual, SolarAngles expected) =>
        Assert.Multiple(() =>
        {
            Assert.That(actual.ZenithDeg, Is.EqualTo(expected.ZenithDeg).Within(1e-9));
            Assert.That(actual.AzimuthDeg, Is.EqualTo(expected.AzimuthDeg).Within(1e-9));
            Assert.That(actual.ElevationDeg, Is.EqualTo(expected.ElevationDeg).Within(1e-9));
            Assert.That(actual.ExtraterrestrialNormalWm2, Is.EqualTo(expected.ExtraterrestrialNormalWm2).Within(1e-9));
        });
}
