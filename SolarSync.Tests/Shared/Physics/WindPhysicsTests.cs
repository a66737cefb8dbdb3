using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Tests.Shared.Physics;

[TestFixture]
public sealed class WindPhysicsTests
{
    [Test]
    public void Power_law_takes_10_m_wind_to_80_m_with_the_one_seventh_exponent()
    {
        // 8^(1/7) = 2^(3/7) = exp(0.297063) = 1.345900; 5 × 1.345900 = 6.7295 m/s.
        Assert.That(WindPhysics.ExtrapolateSpeed(5, 10, 80), Is.EqualTo(6.7295).Within(1e-4));
    }

    [Test]
    public void Extrapolating_to_the_same_height_keeps_the_speed()
    {
        Assert.That(WindPhysics.ExtrapolateSpeed(7.3, 100, 100, 0.2), Is.EqualTo(7.3));
    }

    [Test]
    public void Dry_air_at_standard_sea_level_has_the_ISA_density()
    {
        // ISA: 101325 Pa / (287.058 × 288.15 K) = 1.22498 kg/m³.
        Assert.That(WindPhysics.AirDensity(1013.25, 15), Is.EqualTo(1.225).Within(0.0005));
    }

    [Test]
    public void Saturated_air_at_25_degrees_is_lighter_than_dry_air_by_the_vapour_fraction()
    {
        // Tetens: es(25 °C) = 6.1078 × exp(17.27 × 25 / 262.3) = 31.677 hPa.
        // ρ = (101325 − 3167.7)/(287.058 × 298.15) + 3167.7/(461.495 × 298.15) = 1.14688 + 0.02302 = 1.16990 kg/m³,
        // against 101325/(287.058 × 298.15) = 1.18389 kg/m³ dry.
        Assert.Multiple(() =>
        {
            Assert.That(WindPhysics.SaturationVapourPressureHpa(25), Is.EqualTo(31.677).Within(0.001));
            Assert.That(WindPhysics.AirDensity(1013.25, 25, 100), Is.EqualTo(1.16990).Within(1e-4));
            Assert.That(WindPhysics.AirDensity(1013.25, 25, 0), Is.EqualTo(1.18389).Within(1e-4));
        });
    }

    [Test]
    public void Power_curve_interpolates_linearly_between_points()
    {
        double[] speeds = [3, 5, 10, 25];
        double[] powers = [0, 200, 1800, 2000];

        // Halfway between 5 m/s (200 kW) and 10 m/s (1800 kW): 7.5 m/s → 1000 kW.
        Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 7.5), Is.EqualTo(1000).Within(1e-9));
    }

    [TestCase(2.99)]
    [TestCase(25.01)]
    [TestCase(40)]
    [TestCase(double.NaN)]
    public void Power_curve_is_zero_below_cut_in_and_beyond_cut_out(double speedMs)
    {
        double[] speeds = [3, 5, 10, 25];
        double[] powers = [0, 200, 1800, 2000];

        Assert.That(WindPhysics.PowerFromCurve(speeds, powers, speedMs), Is.Zero);
    }

    [Test]
    public void Power_curve_returns_the_tabulated_value_at_its_end_points()
    {
        double[] speeds = [3, 5, 10, 25];
        double[] powers = [0, 200, 1800, 2000];

        Assert.Multiple(() =>
        {
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 3), Is.Zero);
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 10), Is.EqualTo(1800));
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 25), Is.EqualTo(2000));
        });
    }

    [Test]
    public void Power_curve_rejects_mismatched_lists()
    {
        Assert.That(() => WindPhysics.PowerFromCurve([3, 5], [0], 4), Throws.ArgumentException);
    }

    [Test]
    public void Generic_curve_rises_with_the_cube_from_cut_in_to_rated_and_stays_flat_until_cut_out()
    {
        var (speeds, powers) = WindPhysics.GenericCurve(2000);

        // At 7.5 m/s: 2000 × (7.5³ − 3³)/(12³ − 3³) = 2000 × (421.875 − 27)/(1728 − 27) = 2000 × 394.875/1701 = 464.29 kW.
        Assert.Multiple(() =>
        {
            Assert.That(speeds[0], Is.Zero);
            Assert.That(speeds[^1], Is.EqualTo(25));
            Assert.That(speeds, Is.Ordered.Ascending);
            Assert.That(powers, Is.Ordered.Ascending);
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 2.5), Is.Zero);
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 3), Is.Zero);
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 7.5), Is.EqualTo(464.29).Within(0.01));
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 12), Is.EqualTo(2000));
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 25), Is.EqualTo(2000));
            Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 25.5), Is.Zero);
        });
    }

    [Test]
    public void Generic_curve_between_its_points_stays_close_to_the_cubic()
    {
        var (speeds, powers) = WindPhysics.GenericCurve(2000);

        // Exact at 7.25 m/s: 2000 × (381.078 − 27)/1701 = 416.32 kW; the chord between 7 and 7.5 m/s gives 417.92,
        // 0.08 % of capacity above it.
        Assert.That(WindPhysics.PowerFromCurve(speeds, powers, 7.25), Is.EqualTo(416.32).Within(0.002 * 2000));
    }
}
