using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Devices.GetDevices;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Modules.Devices.DeleteDevice;

internal static class DeleteDeviceEndpoint
{
    public static void MapDeleteDevice(this RouteGroupBuilder group) =>
        group.MapDelete("/{id}", DeleteDeviceAsync)
            .WithName("DeleteDevice")
            .WithSummary("Removes a device from the registry (admin); its stored readings and observations stay.")
            .WithDescription("Its site is not removed; messages it publishes afterwards are rejected as from an unknown device.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(AuthorizationPolicies.Admin);

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteDeviceAsync(
        string id, DeviceRepository devices, DeviceDirectory directory, CancellationToken ct)
    {
        if (!await devices.DeleteAsync(id, ct)) return GetDevicesEndpoints.NotFound(id);
        directory.Invalidate();
        return TypedResults.NoContent();
    }
}
