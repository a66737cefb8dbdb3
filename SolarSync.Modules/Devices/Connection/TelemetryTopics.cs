using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.Connection;

/// <summary>The topics of the device protocol: <c>{solar|wind|load}/{device_id}/data</c> in, <c>…/forecast</c> out.</summary>
internal static class TelemetryTopics
{
    public static IReadOnlyList<string> Subscriptions { get; } = ["solar/+/data", "wind/+/data", "load/+/data"];

    public static string Forecast(PlantType type, string deviceId) => $"{type.ToDbName()}/{deviceId}/forecast";

    public static string Data(PlantType type, string deviceId) => $"{type.ToDbName()}/{deviceId}/data";

    /// <summary>Splits "{type}/{device_id}/data"; false for any other shape.</summary>
    public static bool TryParseData(string topic, out PlantType type, out string deviceId)
    {
        type = default;
        deviceId = "";
        var parts = topic.Split('/');
        if (parts is not [var typeName, var id, "data"] || id.Length == 0 || !PlantTypes.TryParse(typeName, out type) || typeName != type.ToDbName())
            return false;
        deviceId = id;
        return true;
    }
}
