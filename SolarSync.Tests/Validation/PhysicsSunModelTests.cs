using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;
using SolarSync.Modules.Validation.Domain;

namespace SolarSync.Tests.Validation;

/// <summary>Runs on the real solar geometry, so it waits for the Shared/Physics bodies.</summary>
[Category("NeedsPhysics")]
public sealed class PhysicsSunModelTests
{
    [Test]
    public void The_real_sun_flags_light_at_night_and_accepts_a_clear_noon_at_a_known_site()
    {
        // NREL, Golden CO: 39.742 °N, 105.178 °W, 1829 m. Solar noon on 21 June 2024 is about 19:02 UTC, so
        // 18:00–19:00 UTC (mid-hour 18:30, zenith about 18°) is the noon hour and 08:00 UTC (02:00 local) is night.
        var golden = new SiteLimits(39.742, -105.178, CapacityKw: 1000, AltitudeM: 1829);
        var validator = new ObservationValidator(new FakeTimeProvider(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero)));
        var night = new Observation
        {
            SiteId = 1, Source = ObservationSources.Meter, Ts = new DateTimeOffset(2024, 6, 21, 8, 0, 0, TimeSpan.Zero), GhiWm2 = 100,
        };
        var noon = new Observation
        {
            SiteId = 1, Source = ObservationSources.Meter, Ts = new DateTimeOffset(2024, 6, 21, 18, 0, 0, TimeSpan.Zero),
            GhiWm2 = 950, DniWm2 = 900, DhiWm2 = 100,
        };

        var outcome = validator.Validate([night, noon], golden);

        Assert.That(outcome.Accepted.Select(o => o.Flags), Is.EqualTo(new[] { QualityFlags.NightIrradiance, QualityFlags.None }));
        var model = new PhysicsSunModel(golden.Latitude, golden.Longitude, golden.AltitudeM);
        var sun = model.Sun(noon.Ts);
        Assert.That(sun.ZenithDeg, Is.EqualTo(18).Within(2));
        Assert.That(model.ClearSky(sun).GhiWm2, Is.InRange(900, 1150));
        Assert.That(model.ClearSky(model.Sun(night.Ts)).GhiWm2, Is.Zero);
    }
}
