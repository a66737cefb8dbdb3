using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Tests.Shared.Physics;

[TestFixture]
public sealed class PvWattsTests
{
    [Test]
    public void At_standard_test_conditions_output_is_capacity_after_losses_and_inverter()
    {
        // POA 1000, Tcell 25 °C: DC = 100 × 1 × 1 × (1 − 0.14) = 86 kW; AC = 86 × 0.96 = 82.56 kW.
        Assert.That(PvWatts.AcPowerAtCellTemperatureKw(1000, 25, 100), Is.EqualTo(82.56).Within(1e-9));
    }

    [Test]
    public void Output_is_clipped_at_the_plant_capacity()
    {
        // POA 1500 at 25 °C: 1.5 × 82.56 = 123.84 kW before clipping, above the 100 kW limit.
        Assert.That(PvWatts.AcPowerAtCellTemperatureKw(1500, 25, 100), Is.EqualTo(100));
    }

    [Test]
    public void Ten_degrees_hotter_cells_lose_four_percent_at_minus_0_4_percent_per_degree()
    {
        // (1 − 0.004 × (35 − 25)) / (1 − 0.004 × 0) = 0.96.
        var cool = PvWatts.AcPowerAtCellTemperatureKw(800, 25, 100);
        var hot = PvWatts.AcPowerAtCellTemperatureKw(800, 35, 100);

        Assert.That(hot / cool, Is.EqualTo(0.96).Within(1e-12));
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void There_is_no_output_without_irradiance(double poaWm2)
    {
        Assert.That(PvWatts.AcPowerKw(poaWm2, 10, 2, 100), Is.Zero);
    }

    [Test]
    public void SAPM_cell_temperature_of_an_open_rack_glass_glass_module_matches_the_formula_by_hand()
    {
        // E = 1000, Ta = 20, WS = 1: exp(−3.47 − 0.0594) = 0.029323; Tm = 29.32 + 20 = 49.32; Tc = 49.32 + 3 = 52.32.
        Assert.That(PvWatts.CellTemperatureC(1000, 20, 1), Is.EqualTo(52.32).Within(0.01));
    }

    [Test]
    public void Cells_sit_at_air_temperature_in_the_dark()
    {
        Assert.That(PvWatts.CellTemperatureC(0, 7, 3), Is.EqualTo(7));
    }

    [Test]
    public void AC_power_from_weather_combines_cell_temperature_and_the_DC_model()
    {
        // E = 800, Ta = 20, WS = 2: exp(−3.47 − 0.1188) = 0.027631; Tm = 22.105 + 20 = 42.105; Tc = 42.105 + 2.4 = 44.505.
        // AC = 100 × 0.8 × (1 − 0.004 × 19.505) × 0.86 × 0.96 = 66.048 × 0.921980 = 60.895 kW.
        Assert.That(PvWatts.AcPowerKw(800, 20, 2, 100), Is.EqualTo(60.895).Within(0.001));
    }
}
