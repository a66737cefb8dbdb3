using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Devices.DeleteDevice;
using SolarSync.Modules.Devices.GetDevices;

namespace SolarSync.Modules.Devices.RegisterDevice;

internal static class DeviceRegistryEndpoints
{
    /// <summary>POST /register, GET /, GET /{id}, DELETE /{id} under /api/iot/devices.</summary>
    public static void MapDeviceRegistry(this RouteGroupBuilder group)
    {
        group.MapRegisterDevice();
        group.MapGetDevices();
        group.MapDeleteDevice();
    }
}
