using SolarSync.Modules.Collection.Domain;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Collection.Domain;

public sealed class PlantOutputModelTests
{
    private static readonly Site Solar = new(1, "PV", PlantType.Solar, 39.742, -105.179, 100, 30, 180, null, null, "UTC", false, DateTimeOffset.UnixEpoch);
    private static readonly Site Wind = new(2, "WT", PlantType.Wind, 52.45, 13.53, 2000, null, null, 100,
        [new PowerCurvePoint(3, 0), new PowerCurvePoint(12, 2000), new PowerCurvePoint(25, 2000)], "UTC", false, DateTimeOffset.UnixEpoch);

    private static Observation Weather(DateTimeOffset ts) => new() { SiteId = 1, Ts = ts, Source = ObservationSources.Simulated };

    [Test]
    public void Solar_output_is_zero_at_night()
    {
        // 06:00 UTC is 23:00 local solar time in Golden.
        var night = Weather(new DateTimeOffset(2025, 6, 21, 6, 0, 0, TimeSpan.Zero)) with { GhiWm2 = 0, TempC = 15 };
        Assert.That(PlantOutputModel.EstimateKw(Solar, night), Is.EqualTo(0));
    }

    [Test]
    public void Solar_output_near_a_clear_noon_is_most_of_capacity_and_never_above_it()
    {
        // 19:00 UTC ≈ solar noon in Golden in June; 1000 W/m² GHI gives a POA near 1000 on a 30° south tilt,
        // so PVWatts gives about capacity × 0.86 losses × 0.96 inverter, less a warm-cell derate.
        var noon = Weather(new DateTimeOffset(2025, 6, 21, 18, 30, 0, TimeSpan.Zero)) with { GhiWm2 = 1000, DniWm2 = 900, DhiWm2 = 110, TempC = 25, WindSpeed10mMs = 2 };
        Assert.That(PlantOutputModel.EstimateKw(Solar, noon), Is.InRange(65.0, 100.0));
    }

    [Test]
    public void Missing_irradiance_gives_no_estimate_rather_than_zero()
    {
        var unknown = Weather(new DateTimeOffset(2025, 6, 21, 18, 0, 0, TimeSpan.Zero));
        Assert.That(PlantOutputModel.EstimateKw(Solar, unknown), Is.Null);
    }

    [TestCase(2.0, 0.0)]
    [TestCase(12.0, 2000.0)]
    [TestCase(20.0, 2000.0)]
    [TestCase(26.0, 0.0)]
    public void Wind_output_follows_the_site_curve_at_standard_density(double hubSpeed, double expectedKw)
    {
        // 15 °C, 1013.25 hPa, dry air: density 1.225 kg/m³, so the curve applies unscaled.
        var w = Weather(DateTimeOffset.UnixEpoch) with { WindSpeed100mMs = hubSpeed, TempC = 15, PressureHpa = 1013.25, RelHumidityPct = 0 };
        Assert.That(PlantOutputModel.EstimateKw(Wind, w), Is.EqualTo(expectedKw).Within(expectedKw * 0.002 + 0.01));
    }

    [Test]
    public void Wind_output_between_points_is_interpolated_on_the_curve()
    {
        // Halfway from 3 m/s (0 kW) to 12 m/s (2000 kW): 7.5 m/s gives 1000 kW at standard density.
        var w = Weather(DateTimeOffset.UnixEpoch) with { WindSpeed100mMs = 7.5, TempC = 15, PressureHpa = 1013.25, RelHumidityPct = 0 };
        Assert.That(PlantOutputModel.EstimateKw(Wind, w), Is.EqualTo(1000).Within(3));
    }
}
