namespace SolarSync.Modules.Shared.Physics;

/// <summary>PVWatts-style AC output of a PV plant (Dobos 2014).</summary>
public static class PvWatts
{
    // Sandia Array Performance Model cell temperature (King, Boyson & Kratochvil 2004, SAND2004-3535, eq. 11-12,
    // Table 1) for an open-rack glass/glass module: T_module = E·exp(a + b·WS) + T_air, T_cell = T_module + E/E0·ΔT.
    private const double SapmA = -3.47;
    private const double SapmB = -0.0594;
    private const double SapmDeltaTC = 3;
    private const double ReferenceIrradianceWm2 = 1000;
    private const double ReferenceCellTempC = 25;

    /// <summary>
    /// AC kW from plane-of-array irradiance: DC = capacity × POA/1000 × (1 + γ(Tcell − 25)) × (1 − losses),
    /// cell temperature from the SAPM/NOCT model, inverter efficiency, clipped to [0, capacity].
    /// </summary>
    public static double AcPowerKw(double poaWm2, double airTempC, double windSpeedMs, double capacityKw,
        double tempCoefficientPerC = -0.004, double systemLosses = 0.14, double inverterEfficiency = 0.96) =>
        AcPowerAtCellTemperatureKw(poaWm2, CellTemperatureC(poaWm2, airTempC, windSpeedMs), capacityKw,
            tempCoefficientPerC, systemLosses, inverterEfficiency);

    /// <summary>SAPM cell temperature (°C) of an open-rack glass/glass module; wind speed at 10 m.</summary>
    public static double CellTemperatureC(double poaWm2, double airTempC, double windSpeedMs)
    {
        var irradiance = Math.Max(poaWm2, 0);
        var wind = Math.Max(windSpeedMs, 0);
        var moduleTempC = irradiance * Math.Exp(SapmA + SapmB * wind) + airTempC;
        return moduleTempC + irradiance / ReferenceIrradianceWm2 * SapmDeltaTC;
    }

    /// <summary>
    /// AC kW for a known cell temperature: the PVWatts v5 DC model (Dobos 2014) on plane-of-array irradiance,
    /// lumped losses, a flat inverter efficiency, clipped to [0, capacity].
    /// </summary>
    public static double AcPowerAtCellTemperatureKw(double poaWm2, double cellTempC, double capacityKw,
        double tempCoefficientPerC = -0.004, double systemLosses = 0.14, double inverterEfficiency = 0.96)
    {
        if (!(poaWm2 > 0) || !(capacityKw > 0))
        {
            return 0;
        }

        var dcKw = capacityKw * poaWm2 / ReferenceIrradianceWm2
            * (1 + tempCoefficientPerC * (cellTempC - ReferenceCellTempC))
            * (1 - systemLosses);
        return Math.Clamp(dcKw * inverterEfficiency, 0, capacityKw);
    }
}
