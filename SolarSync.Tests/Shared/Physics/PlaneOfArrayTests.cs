using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Tests.Shared.Physics;

[TestFixture]
public sealed class PlaneOfArrayTests
{
    private static double Cos(double deg) => Math.Cos(deg * Math.PI / 180);

    [Test]
    public void A_horizontal_plane_receives_exactly_the_global_horizontal_irradiance()
    {
        // z = 40°: GHI = 800 × cos 40° + 100 = 712.84. With tilt 0, cos AOI = cos z, Rb = 1, the sky view factor
        // is 1 and the ground view factor 0, so beam + diffuse = DNI cos z + DHI = GHI.
        var sun = new SolarAngles(40, 150, 50, 1361);
        var ghi = 800 * Cos(40) + 100;

        var poa = PlaneOfArray.Transpose(ghi, 800, 100, sun, tiltDeg: 0, azimuthDeg: 180);

        Assert.Multiple(() =>
        {
            Assert.That(poa.TotalWm2, Is.EqualTo(ghi).Within(1e-9));
            Assert.That(poa.GroundDiffuseWm2, Is.Zero);
        });
    }

    [Test]
    public void Hay_Davies_on_a_south_facing_30_degree_panel_matches_the_formula_by_hand()
    {
        // Sun z = 45°, az 180°; panel 30° south: AOI = 15°. DNI 600, DHI 150, I0n 1361.
        // Beam = 600 cos 15° = 579.56. Ai = 600/1361 = 0.440852; Rb = cos 15°/cos 45° = 1.366025;
        // sky = 150 × (0.440852 × 1.366025 + 0.559148 × (1 + cos 30°)/2 = 0.933013) = 168.59.
        // GHI = 600 cos 45° + 150 = 574.26; ground = 574.26 × 0.2 × (1 − cos 30°)/2 = 7.69. Total 755.84.
        var sun = new SolarAngles(45, 180, 45, 1361);

        var poa = PlaneOfArray.Transpose(600 * Cos(45) + 150, 600, 150, sun, tiltDeg: 30, azimuthDeg: 180);

        Assert.Multiple(() =>
        {
            Assert.That(poa.BeamWm2, Is.EqualTo(579.56).Within(0.01));
            Assert.That(poa.SkyDiffuseWm2, Is.EqualTo(168.59).Within(0.01));
            Assert.That(poa.GroundDiffuseWm2, Is.EqualTo(7.69).Within(0.01));
            Assert.That(poa.TotalWm2, Is.EqualTo(755.84).Within(0.02));
        });
    }

    [Test]
    public void A_vertical_south_wall_gets_beam_by_the_angle_of_incidence_and_half_the_ground_reflection()
    {
        // Sun z = 60° due south; wall normal is horizontal south: cos AOI = cos 60 cos 90 + sin 60 sin 90 = 0.866.
        // Ground = GHI × 0.2 × (1 − 0)/2 = 0.1 GHI.
        var sun = new SolarAngles(60, 180, 30, 1361);

        var poa = PlaneOfArray.Transpose(500, 700, 150, sun, tiltDeg: 90, azimuthDeg: 180);

        Assert.Multiple(() =>
        {
            Assert.That(poa.BeamWm2, Is.EqualTo(700 * Cos(30)).Within(1e-9));
            Assert.That(poa.GroundDiffuseWm2, Is.EqualTo(50).Within(1e-9));
        });
    }

    [Test]
    public void A_panel_facing_away_from_the_sun_gets_no_beam_and_only_isotropic_sky_diffuse()
    {
        // Sun low in the south-east, panel tilted 40° to the north: cos AOI < 0, so beam and circumsolar vanish;
        // sky = DHI × (1 − Ai) × (1 + cos 40°)/2.
        var sun = new SolarAngles(70, 120, 20, 1361);

        var poa = PlaneOfArray.Transpose(300, 400, 160, sun, tiltDeg: 40, azimuthDeg: 0);

        Assert.Multiple(() =>
        {
            Assert.That(poa.BeamWm2, Is.Zero);
            Assert.That(poa.SkyDiffuseWm2, Is.EqualTo(160 * (1 - 400.0 / 1361) * (1 + Cos(40)) / 2).Within(1e-9));
        });
    }

    [Test]
    public void Angle_of_incidence_is_zero_when_the_panel_faces_the_sun()
    {
        Assert.That(PlaneOfArray.CosAngleOfIncidence(35, 200, 35, 200), Is.EqualTo(1).Within(1e-12));
    }
}
