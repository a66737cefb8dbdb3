namespace SolarSync.Modules.Devices.RegisterDevice;

/// <summary>
/// A device to register, either at a registered site (<c>site_id</c>) or at a new site made from <c>location</c> and
/// <c>system_capacity_kw</c>. Every field is nullable so that a missing one is reported by name rather than failing
/// JSON binding.
/// </summary>
/// <param name="DeviceType">solar_inverter, wind_turbine or meter.</param>
/// <param name="Name">The name of the site created from <c>location</c> (default "Device {device_id}").</param>
public sealed record RegisterDeviceRequest(
    string? DeviceId,
    string? DeviceType,
    long? SiteId = null,
    DeviceLocation? Location = null,
    double? SystemCapacityKw = null,
    string? Name = null);

/// <summary>Where a device's new site is, in degrees.</summary>
public sealed record DeviceLocation(double? Lat, double? Lng);
