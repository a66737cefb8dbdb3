using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.IngestTelemetry;

/// <summary>How device measurements map onto an hourly observation of source <c>telemetry</c>.</summary>
internal static class HourlyTelemetry
{
    // The hub height the physical model assumes for a turbine without one.
    private const double DefaultHubHeightM = 100;

    /// <summary>
    /// A turbine's anemometer sits on the nacelle, at hub height; observations keep wind at 100 m and the features
    /// extrapolate it to the hub with the 1/7 power law, so the hub speed is brought down to 100 m by the same law
    /// (the round trip returns it unchanged). Other devices' wind sensors are weather stations, stored as 10 m wind.
    /// </summary>
    public static Observation ToObservation(Site site, DateTimeOffset hour, double? powerKw, double? ghiWm2, double? tempC, double? windSpeedMs, double? windDirDeg)
    {
        var atHub = site.Type == PlantType.Wind;
        return new Observation
        {
            SiteId = site.Id,
            Source = ObservationSources.Telemetry,
            Ts = hour,
            PowerKw = powerKw,
            GhiWm2 = ghiWm2,
            TempC = tempC,
            WindSpeed100mMs = atHub && windSpeedMs is { } hub ? WindPhysics.ExtrapolateSpeed(hub, site.HubHeightM ?? DefaultHubHeightM, 100) : null,
            WindSpeed10mMs = atHub ? null : windSpeedMs,
            WindDirDeg = windDirDeg,
        };
    }
}
