using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Shared.Http;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.GetDevices;

internal static class GetDevicesEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static void MapGetDevices(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListDevicesAsync)
            .WithName("ListDevices")
            .WithSummary("Lists the registered devices in device id order, a page at a time (page from 1, page_size 1–500, default 50).")
            .WithResponseExample(StatusCodes.Status200OK, $$"""{"items": [{{DeviceViews.Example}}], "page": 1, "page_size": 50, "total": 1}""");
        group.MapGet("/{id}", GetDeviceAsync)
            .WithName("GetDevice")
            .WithSummary("One registered device: its site's plant type, telemetry counters, whether it is online, and its MQTT topics.")
            .WithResponseExample(StatusCodes.Status200OK, DeviceViews.Example)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    // page and page_size arrive as text so that "abc" gets the same problem naming the parameter as 0, not a bare 400.
    internal static async Task<Results<Ok<DevicePage>, ValidationProblem>> ListDevicesAsync(
        string? page, [FromQuery(Name = "page_size")] string? pageSize,
        DeviceRepository devices, ISiteDirectory sites, IOptions<DevicesOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var number = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.Integer, CultureInfo.InvariantCulture, out number) || number < 1))
            errors["page"] = ["'page' must be a whole number of at least 1."];
        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.Integer, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
            errors["page_size"] = [$"'page_size' must be a whole number from 1 to {MaxPageSize}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query is not valid.");

        // A page far beyond the last is empty, not an overflow.
        var offset = (int)Math.Min((number - 1L) * size, int.MaxValue);
        var (found, total) = await devices.PageAsync(offset, size, ct);
        // One round trip for every site rather than one per device, as the telemetry directory does.
        var sitesById = found.Count == 0 ? [] : (await sites.ListAsync(null, ct)).ToDictionary(s => s.Id);
        var (now, offlineAfter) = (clock.GetUtcNow(), OfflineAfter(options));
        var items = found.Select(d => DeviceViews.From(d, sitesById.GetValueOrDefault(d.SiteId), now, offlineAfter)).ToList();
        return TypedResults.Ok(new DevicePage(items, number, size, total));
    }

    internal static async Task<Results<Ok<DeviceView>, ProblemHttpResult>> GetDeviceAsync(
        string id, DeviceRepository devices, ISiteDirectory sites, IOptions<DevicesOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (await devices.FindAsync(id, ct) is not { } device) return NotFound(id);
        var site = await sites.FindAsync(device.SiteId, ct);
        return TypedResults.Ok(DeviceViews.From(device, site, clock.GetUtcNow(), OfflineAfter(options)));
    }

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Device not found.", detail: $"No device has id '{id}'.");

    internal static TimeSpan OfflineAfter(IOptions<DevicesOptions> options) => TimeSpan.FromMinutes(options.Value.OfflineAfterMinutes);
}
