using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.GetDevices;

/// <summary>A registered device, its site's plant type, what its telemetry has done so far, and its MQTT topics.</summary>
/// <param name="DeviceType">solar_inverter, wind_turbine or meter.</param>
/// <param name="PlantType">The type of the device's site (solar|wind|load), which is the first level of its topics; null when the site no longer exists.</param>
/// <param name="LastSeenAt">When its last message arrived (stored, duplicate or quarantined).</param>
/// <param name="LastPayloadAt">The newest reading time it has sent.</param>
/// <param name="Online">Whether its last message arrived within Devices:OfflineAfterMinutes.</param>
/// <param name="DataTopic">Where it publishes telemetry.</param>
/// <param name="ForecastTopic">Where its site's forecasts are published.</param>
public sealed record DeviceView(
    string DeviceId,
    string DeviceType,
    long SiteId,
    string? PlantType,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? LastPayloadAt,
    long MessagesStored,
    long MessagesDuplicate,
    long MessagesQuarantined,
    bool Online,
    string? DataTopic,
    string? ForecastTopic);

/// <summary>One page of the registry in device id order; <c>total</c> counts every registered device.</summary>
public sealed record DevicePage(IReadOnlyList<DeviceView> Items, int Page, int PageSize, long Total);

internal static class DeviceViews
{
    public const string Example = """
        {"device_id": "inv-golden-01", "device_type": "solar_inverter", "site_id": 1, "plant_type": "solar",
         "registered_at": "2026-11-20T09:12:44Z", "last_seen_at": "2026-11-23T14:04:58Z", "last_payload_at": "2026-11-23T14:04:00Z",
         "messages_stored": 4312, "messages_duplicate": 3, "messages_quarantined": 1, "online": true,
         "data_topic": "solar/inv-golden-01/data", "forecast_topic": "solar/inv-golden-01/forecast"}
        """;

    /// <param name="site">The device's site, or null when it no longer exists.</param>
    /// <param name="offlineAfter">How long after its last message a device still counts as online.</param>
    public static DeviceView From(Device device, Site? site, DateTimeOffset now, TimeSpan offlineAfter) => new(
        device.DeviceId,
        device.Type.ToDbName(),
        device.SiteId,
        site?.Type.ToDbName(),
        device.RegisteredAt,
        device.LastSeenAt,
        device.LastPayloadAt,
        device.MessagesStored,
        device.MessagesDuplicate,
        device.MessagesQuarantined,
        device.LastSeenAt is { } seen && seen >= now - offlineAfter,
        site is null ? null : TelemetryTopics.Data(site.Type, device.DeviceId),
        site is null ? null : TelemetryTopics.Forecast(site.Type, device.DeviceId));
}
