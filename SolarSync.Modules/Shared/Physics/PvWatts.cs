namespace SolarSync.Modules.Shared.Physics;

/// <summary>PVWatts-style AC output of a PV plant (Dobos 2014).</summary>
public static class PvWatts
{
    /// <summary>
    /// AC kW from plane-of-array irradiance: DC = capacity × POA/1000 × (1 + γ(Tcell − 25)) × (1 − losses),
    /// cell temperature from the SAPM/NOCT model, inverter efficiency, clipped to [0, capacity].
    /// </summary>
    public static double AcPowerKw(double poaWm2, double airTempC, double windSpeedMs, double capacityKw,
        double tempCoefficientPerC = -0.004, double systemLosses = 0.14, double inverterEfficiency = 0.96) =>
        throw new NotImplementedException();

    public static double CellTemperatureC(double poaWm2, double airTempC, double windSpeedMs) => throw new NotImplementedException();
}
