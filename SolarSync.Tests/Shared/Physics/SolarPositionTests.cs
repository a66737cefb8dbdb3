using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Tests.Shared.Physics;

[TestFixture]
public sealed class SolarPositionTests
{
    // Reda & Andreas (2008), NREL/TP-560-34302, Table A5.1: 2003-10-17 12:30:30 at UTC−7, Golden CO.
    private static readonly DateTimeOffset SpaExampleTime = new(2003, 10, 17, 12, 30, 30, TimeSpan.FromHours(-7));
    private const double SpaLatitude = 39.742476;
    private const double SpaLongitude = -105.1786;
    private const double SpaElevationM = 1830.14;
    private const double SpaPressureHpa = 820;
    private const double SpaTemperatureC = 11;
    private const double SpaDeltaTSeconds = 67;

    [Test]
    public void Compute_reproduces_the_zenith_and_azimuth_of_the_SPA_paper_example()
    {
        var sun = SolarPosition.Compute(SpaExampleTime, SpaLatitude, SpaLongitude, SpaElevationM,
            SpaPressureHpa, SpaTemperatureC, SpaDeltaTSeconds);

        // Table A5.1: topocentric zenith 50.11162°, topocentric azimuth 194.34024°.
        Assert.Multiple(() =>
        {
            Assert.That(sun.ZenithDeg, Is.EqualTo(50.11162).Within(0.0005));
            Assert.That(sun.AzimuthDeg, Is.EqualTo(194.34024).Within(0.0005));
            Assert.That(sun.ElevationDeg, Is.EqualTo(90 - 50.11162).Within(0.0005));
        });
    }

    [Test]
    public void Julian_day_of_the_SPA_example_matches_the_paper()
    {
        // Table A5.1: JD = 2452930.312847 (19:30:30 UTC).
        Assert.That(SolarPosition.JulianDay(SpaExampleTime), Is.EqualTo(2452930.312847).Within(1e-6));
    }

    [Test]
    public void Intermediate_SPA_values_of_the_example_match_the_paper()
    {
        var jd = SolarPosition.JulianDay(SpaExampleTime);
        var jme = (jd + SpaDeltaTSeconds / 86400 - 2451545) / 365250;
        var (l, b, r) = SolarPosition.EarthHeliocentric(jme);
        var (deltaPsi, deltaEpsilon) = SolarPosition.Nutation(jme * 10);
        var sun = SolarPosition.Geocentric(jd, SpaDeltaTSeconds);

        // Table A5.1: L = 24.0182616917°, B = −0.0001011219°, R = 0.9965422974 AU, Δψ = −0.00399840°,
        // Δε = 0.00166657°, α = 202.22741°, δ = −9.31434°.
        Assert.Multiple(() =>
        {
            Assert.That(l, Is.EqualTo(24.0182616917).Within(1e-6));
            Assert.That(b, Is.EqualTo(-0.0001011219).Within(1e-8));
            Assert.That(r, Is.EqualTo(0.9965422974).Within(1e-9));
            Assert.That(deltaPsi, Is.EqualTo(-0.00399840).Within(1e-7));
            Assert.That(deltaEpsilon, Is.EqualTo(0.00166657).Within(1e-7));
            Assert.That(sun.RightAscensionDeg, Is.EqualTo(202.22741).Within(1e-5));
            Assert.That(sun.DeclinationDeg, Is.EqualTo(-9.31434).Within(1e-5));
        });
    }

    [Test]
    public void Extraterrestrial_normal_irradiance_scales_the_solar_constant_by_the_inverse_square_distance()
    {
        var sun = SolarPosition.Compute(SpaExampleTime, SpaLatitude, SpaLongitude, SpaElevationM,
            SpaPressureHpa, SpaTemperatureC, SpaDeltaTSeconds);

        // R = 0.9965422974 AU (Table A5.1): 1361 / 0.9965422974² = 1361 / 0.993096... = 1370.461 W/m².
        Assert.That(sun.ExtraterrestrialNormalWm2, Is.EqualTo(1370.461).Within(0.01));
    }

    [Test]
    public void Noon_elevation_at_the_June_solstice_is_ninety_minus_latitude_plus_obliquity()
    {
        // Solstice 2024-06-20 20:51 UTC, δ = ε = 23.44°. At lat 40°, lon 0 the sun transits near 12:02 UTC;
        // elevation ≈ 90 − |40 − 23.44| = 73.44° (refraction adds only ~0.005° that high).
        var sun = SolarPosition.Compute(new DateTimeOffset(2024, 6, 20, 12, 2, 0, TimeSpan.Zero), 40, 0);

        Assert.That(sun.ElevationDeg, Is.EqualTo(73.44).Within(0.3));
    }

    [Test]
    public void Noon_elevation_at_the_December_solstice_in_London_is_about_fifteen_degrees()
    {
        // Solstice 2024-12-21 09:20 UTC, δ = −23.44°. At lat 51.5°, lon 0, transit near 11:58 UTC:
        // elevation ≈ 90 − |51.5 + 23.44| = 15.06°, plus ~0.06° refraction (1.02′/tan(15° + 10.3/20.1) ≈ 3.7′).
        var sun = SolarPosition.Compute(new DateTimeOffset(2024, 12, 21, 11, 58, 0, TimeSpan.Zero), 51.5, 0);

        Assert.That(sun.ElevationDeg, Is.EqualTo(15.06).Within(0.3));
    }

    [Test]
    public void Noon_elevation_at_the_March_equinox_is_ninety_minus_latitude()
    {
        // Equinox 2024-03-20 03:06 UTC, so δ ≈ +0.15° at noon (0.4°/day): elevation ≈ 90 − 40 = 50°.
        var sun = SolarPosition.Compute(new DateTimeOffset(2024, 3, 20, 12, 7, 0, TimeSpan.Zero), 40, 0);

        Assert.That(sun.ElevationDeg, Is.EqualTo(50).Within(0.3));
    }

    [Test]
    public void The_sun_is_well_below_the_horizon_at_local_midnight()
    {
        // At midnight the elevation is about −(90 − |lat + δ|): −50° at the equinox, −26.6° in June at lat 40°.
        var equinox = SolarPosition.Compute(new DateTimeOffset(2024, 3, 20, 0, 0, 0, TimeSpan.Zero), 40, 0);
        var june = SolarPosition.Compute(new DateTimeOffset(2024, 6, 21, 0, 0, 0, TimeSpan.Zero), 40, 0);

        Assert.Multiple(() =>
        {
            Assert.That(equinox.ElevationDeg, Is.EqualTo(-50).Within(0.5));
            Assert.That(equinox.ZenithDeg, Is.GreaterThan(90));
            Assert.That(june.ElevationDeg, Is.EqualTo(-26.56).Within(0.5));
        });
    }

    [Test]
    public void At_transit_the_sun_is_due_south_in_the_northern_mid_latitudes_and_due_north_in_the_south()
    {
        // Transit is the highest point of the day; there the hour angle is 0, so the azimuth is 180° where
        // lat > δ and 0° where lat < δ. The equation of time keeps transit within 12:00 ± 17 min at lon 0.
        var date = new DateTimeOffset(2024, 3, 20, 11, 40, 0, TimeSpan.Zero);
        var north = HighestOfTheDay(date, 45);
        var south = HighestOfTheDay(date, -34);

        Assert.Multiple(() =>
        {
            Assert.That(north.Sun.AzimuthDeg, Is.EqualTo(180).Within(0.5));
            Assert.That(Math.Abs(north.Time.TimeOfDay.TotalMinutes - 720), Is.LessThan(17));
            Assert.That(Math.Min(south.Sun.AzimuthDeg, 360 - south.Sun.AzimuthDeg), Is.LessThan(0.5));
        });
    }

    [Test]
    public void The_sun_is_in_the_east_in_the_morning_and_in_the_west_in_the_afternoon()
    {
        var morning = SolarPosition.Compute(new DateTimeOffset(2024, 6, 21, 8, 0, 0, TimeSpan.Zero), 48, 2);
        var afternoon = SolarPosition.Compute(new DateTimeOffset(2024, 6, 21, 16, 0, 0, TimeSpan.Zero), 48, 2);

        Assert.Multiple(() =>
        {
            Assert.That(morning.AzimuthDeg, Is.InRange(45, 135));
            Assert.That(afternoon.AzimuthDeg, Is.InRange(225, 315));
        });
    }

    [Test]
    public void ForHour_places_the_sun_at_the_middle_of_the_hour()
    {
        var start = new DateTimeOffset(2024, 6, 21, 10, 0, 0, TimeSpan.Zero);

        var hourly = SolarPosition.ForHour(start, 48, 2);
        var midHour = SolarPosition.Compute(start.AddMinutes(30), 48, 2);

        Assert.That(hourly, Is.EqualTo(midHour));
    }

    [Test]
    public void Compute_does_not_allocate_so_years_of_hourly_data_stay_off_the_garbage_collector()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        SolarPosition.Compute(start, 48, 2); // JIT and static tables out of the measurement

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var hour = 0; hour < 1000; hour++)
        {
            sum += SolarPosition.Compute(start.AddHours(hour), 48, 2).ZenithDeg;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(sum, Is.Positive);
        });
    }

    private static (DateTimeOffset Time, SolarAngles Sun) HighestOfTheDay(DateTimeOffset from, double latitudeDeg)
    {
        var best = (Time: from, Sun: SolarPosition.Compute(from, latitudeDeg, 0));
        for (var minute = 1; minute <= 40; minute++)
        {
            var time = from.AddMinutes(minute);
            var sun = SolarPosition.Compute(time, latitudeDeg, 0);
            if (sun.ElevationDeg > best.Sun.ElevationDeg)
            {
                best = (time, sun);
            }
        }

        return best;
    }
}
