using System.Text.RegularExpressions;

namespace SolarSync.Modules.Devices.Domain;

/// <summary>A device id becomes an MQTT topic level, so it holds no '/', '+' or '#' (the database checks the same pattern).</summary>
internal static partial class DeviceIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Pattern();
}
