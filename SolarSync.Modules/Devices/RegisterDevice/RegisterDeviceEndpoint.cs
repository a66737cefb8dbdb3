using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Modules.Devices.GetDevices;
using SolarSync.Modules.Shared.Http;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.RegisterDevice;

internal static class RegisterDeviceEndpoint
{
    public static void MapRegisterDevice(this RouteGroupBuilder group) =>
        group.MapPost("/register", RegisterDeviceAsync)
            .WithName("RegisterDevice")
            .WithSummary("Registers a device at a registered site (site_id), or at a new site made from location and system_capacity_kw (admin).")
            .WithDescription(
                "Give exactly one of site_id or location + system_capacity_kw. A solar_inverter belongs at a solar site, a " +
                "wind_turbine at a wind site, a meter at any site (the only device of a load site); a meter cannot create a site. A new site takes the plant " +
                "type the device implies and is named by name (default \"Device {device_id}\"). The device id becomes an " +
                "MQTT topic level, so it is 1–64 of [A-Za-z0-9_-]. The device can publish telemetry as soon as this returns.")
            .WithRequestExample("""{"device_id": "inv-golden-01", "device_type": "solar_inverter", "location": {"lat": 39.742, "lng": -105.179}, "system_capacity_kw": 500, "name": "Golden PV"}""")
            .WithResponseExample(StatusCodes.Status201Created, DeviceViews.Example)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(AuthorizationPolicies.Admin);

    internal static async Task<Results<Created<DeviceView>, ValidationProblem, ProblemHttpResult>> RegisterDeviceAsync(
        RegisterDeviceRequest request, IValidator<RegisterDeviceRequest> validator, DeviceRepository devices, DeviceDirectory directory, ISiteDirectory sites,
        ISiteRegistration registration, IOptions<DevicesOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (await validator.ValidateRequestAsync(request, ct) is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The device is not valid.");

        var deviceId = request.DeviceId!;
        var type = DeviceTypes.Parse(request.DeviceType!);
        Site? existingSite = null;
        if (request.SiteId is { } siteId)
        {
            existingSite = await sites.FindAsync(siteId, ct);
            if (existingSite is null)
                return Invalid("site_id", $"No site has id {siteId}.");
            if (type.ImpliedPlantType() is { } implied && implied != existingSite.Type)
            {
                return Invalid("site_id", $"Site {siteId} is a {existingSite.Type.ToDbName()} site; a {type.ToDbName()} " +
                    $"can be registered only at a {implied.ToDbName()} site.");
            }
        }

        // Checked before a site is created for the device, so that a taken id leaves no site behind.
        if (await devices.FindAsync(deviceId, ct) is not null) return DeviceExists(deviceId);

        var site = existingSite ?? await registration.TryRegisterAsync(DraftOf(request, type), ct);
        if (site is null)
        {
            var name = SiteName(request);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A site with this name exists.",
                detail: $"The site name '{name}' is taken (site names are unique regardless of case); give another 'name', or the 'site_id' of that site.");
        }

        // Another request may have taken the id since the check above.
        if (await devices.TryAddAsync(deviceId, type, site.Id, ct) is not { } device) return DeviceExists(deviceId);
        directory.Invalidate();
        var view = DeviceViews.From(device, site, clock.GetUtcNow(), GetDevicesEndpoints.OfflineAfter(options));
        return TypedResults.Created($"/api/iot/devices/{device.DeviceId}", view);
    }

    /// <summary>The new site of a request that passed <see cref="RegisterDeviceValidator"/> with a location (so not a meter).</summary>
    private static SiteDraft DraftOf(RegisterDeviceRequest r, DeviceType type) =>
        new(SiteName(r), type.ImpliedPlantType()!.Value, r.Location!.Lat!.Value, r.Location.Lng!.Value, r.SystemCapacityKw!.Value);

    private static string SiteName(RegisterDeviceRequest r) => r.Name?.Trim() ?? $"Device {r.DeviceId}";

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The device is not valid.");

    private static ProblemHttpResult DeviceExists(string deviceId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "A device with this id exists.",
            detail: $"The device id '{deviceId}' is taken; delete that device first to register it again.");
}
