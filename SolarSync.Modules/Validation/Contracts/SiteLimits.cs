namespace SolarSync.Modules.Validation.Contracts;

/// <summary>What validation needs to know about a site.</summary>
/// <param name="Latitude">Degrees north, −90..90.</param>
/// <param name="Longitude">Degrees east, −180..180.</param>
/// <param name="CapacityKw">Rated capacity, &gt; 0; power must lie within −1 %…110 % of it (a consumer's: its peak demand, −1 %…150 %).</param>
/// <param name="AltitudeM">Metres above sea level, for the clear-sky model and the station-pressure range.</param>
/// <param name="IsConsumer">A metered consumer (load): its power is demand, which does not follow the sun.</param>
public sealed record SiteLimits(double Latitude, double Longitude, double CapacityKw, double AltitudeM = 0, bool IsConsumer = false)
{
    /// <summary>Highest plausible power as a share of capacity: a plant briefly above nameplate, a consumer above the peak it was registered with.</summary>
    public double MaxPowerShare => IsConsumer ? ConsumerMaxPowerShare : 1.1;

    /// <summary>A consumer's registered peak is an estimate that its hourly demand may pass by half.</summary>
    public const double ConsumerMaxPowerShare = 1.5;

    /// <summary>
    /// The most a served forecast reaches, as a share of capacity: generation its capacity, a consumer the limit its
    /// demand is validated against.
    /// </summary>
    public static double ForecastMaxShare(bool isConsumer) => isConsumer ? ConsumerMaxPowerShare : 1;
}
