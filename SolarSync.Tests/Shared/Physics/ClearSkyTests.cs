using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Tests.Shared.Physics;

[TestFixture]
public sealed class ClearSkyTests
{
    private static SolarAngles SunAtZenith(double zenithDeg, double extraterrestrialWm2 = 1361) =>
        new(zenithDeg, 180, 90 - zenithDeg, extraterrestrialWm2);

    [Test]
    public void Haurwitz_at_30_degrees_matches_the_formula_by_hand()
    {
        // cos 30° = 0.866025; 0.059 / 0.866025 = 0.068127; exp(−0.068127) = 0.934142;
        // 1098 × 0.866025 × 0.934142 = 888.27 W/m².
        Assert.That(ClearSky.HaurwitzGhi(30), Is.EqualTo(888.27).Within(0.01));
    }

    [Test]
    public void Haurwitz_at_60_degrees_matches_the_formula_by_hand()
    {
        // cos 60° = 0.5; exp(−0.059 / 0.5) = exp(−0.118) = 0.888696; 1098 × 0.5 × 0.888696 = 487.89 W/m².
        Assert.That(ClearSky.HaurwitzGhi(60), Is.EqualTo(487.89).Within(0.01));
    }

    [TestCase(90)]
    [TestCase(95)]
    [TestCase(180)]
    public void Haurwitz_is_zero_when_the_sun_is_at_or_below_the_horizon(double zenithDeg)
    {
        Assert.That(ClearSky.HaurwitzGhi(zenithDeg), Is.Zero);
    }

    [Test]
    public void Kasten_Young_air_mass_at_30_degrees_matches_the_formula_by_hand()
    {
        // (96.07995 − 30)^−1.6364 = 0.00105109; 0.50572 × that = 0.00053155; 1 / (0.866025 + 0.000532) = 1.15399.
        Assert.That(ClearSky.KastenYoungAirMass(30), Is.EqualTo(1.15399).Within(1e-5));
    }

    [Test]
    public void Ineichen_at_30_degrees_sea_level_and_turbidity_3_matches_the_formula_by_hand()
    {
        // AM = 1.15399 (above), h = 0 so fh1 = fh2 = 1, cg1 = 0.868, cg2 = 0.0387.
        // GHI = 0.868 × 1361 × 0.866025 × exp(−0.0387 × 1.15399 × (1 + 2)) = 1023.05 × 0.874609 = 894.79.
        // Beam: b = 0.664 + 0.163 = 0.827; 0.827 × 1361 × exp(−0.09 × 1.15399 × 2) = 1125.55 × 0.812436 = 914.43;
        // cap: GHI × (1 − (0.1 − 0.2 e^−3)/(0.1 + 0.882)) / cos z = 894.79 × 0.908307 / 0.866025 = 938.48 → DNI 914.43.
        // DHI = 894.79 − 914.43 × 0.866025 = 102.87.
        var sky = ClearSky.Ineichen(SunAtZenith(30), altitudeM: 0, linkeTurbidity: 3);

        Assert.Multiple(() =>
        {
            Assert.That(sky.GhiWm2, Is.EqualTo(894.79).Within(0.05));
            Assert.That(sky.DniWm2, Is.EqualTo(914.43).Within(0.05));
            Assert.That(sky.DhiWm2, Is.EqualTo(102.87).Within(0.05));
        });
    }

    [Test]
    public void Ineichen_GHI_at_30_degrees_sea_level_is_in_the_range_of_a_clear_day()
    {
        var sky = ClearSky.Ineichen(SunAtZenith(30));

        Assert.That(sky.GhiWm2, Is.InRange(850, 950));
    }

    [Test]
    public void Ineichen_diffuse_closes_the_balance_GHI_equals_DNI_cos_z_plus_DHI()
    {
        var sky = ClearSky.Ineichen(SunAtZenith(50), altitudeM: 400, linkeTurbidity: 4);

        Assert.That(sky.DniWm2 * Math.Cos(50 * Math.PI / 180) + sky.DhiWm2, Is.EqualTo(sky.GhiWm2).Within(1e-9));
    }

    [Test]
    public void Ineichen_is_zero_at_night()
    {
        Assert.That(ClearSky.Ineichen(SunAtZenith(100)), Is.EqualTo(default(ClearSkyIrradiance)));
    }

    [Test]
    public void Ineichen_gives_more_light_at_altitude_and_less_in_a_turbid_sky()
    {
        var seaLevel = ClearSky.Ineichen(SunAtZenith(30), altitudeM: 0, linkeTurbidity: 3).GhiWm2;
        // At 1500 m: AM = 1.15399 × exp(−1500/8434.5) = 0.96622, fh1 = 0.82903, fh2 = 0.30119, cg1 = 0.94435,
        // cg2 = 0.0975; GHI = 0.94435 × 1361 × 0.866025 × exp(−0.0975 × 0.96622 × (0.82903 + 0.60238)) = 972.69.
        var mountain = ClearSky.Ineichen(SunAtZenith(30), altitudeM: 1500, linkeTurbidity: 3).GhiWm2;
        var hazy = ClearSky.Ineichen(SunAtZenith(30), altitudeM: 0, linkeTurbidity: 6).GhiWm2;

        Assert.Multiple(() =>
        {
            Assert.That(mountain, Is.EqualTo(972.69).Within(0.05));
            Assert.That(hazy, Is.LessThan(seaLevel));
        });
    }
}
