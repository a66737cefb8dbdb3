using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.Domain;

internal enum DeviceType
{
    SolarInverter,
    WindTurbine,
    Meter,
}

internal static class DeviceTypes
{
    public const string SolarInverter = "solar_inverter";
    public const string WindTurbine = "wind_turbine";
    public const string Meter = "meter";

    public static IReadOnlyList<string> All { get; } = [SolarInverter, WindTurbine, Meter];

    public static string ToDbName(this DeviceType type) => type switch
    {
        DeviceType.SolarInverter => SolarInverter,
        DeviceType.WindTurbine => WindTurbine,
        _ => Meter,
    };

    public static bool TryParse(string? text, out DeviceType type)
    {
        switch (text)
        {
            case SolarInverter: type = DeviceType.SolarInverter; return true;
            case WindTurbine: type = DeviceType.WindTurbine; return true;
            case Meter: type = DeviceType.Meter; return true;
            default: type = default; return false;
        }
    }

    public static DeviceType Parse(string text) =>
        TryParse(text, out var type) ? type : throw new FormatException($"'{text}' is not a device type.");

    /// <summary>The plant type a device's own kind implies; a meter measures whatever plant it is installed at.</summary>
    public static PlantType? ImpliedPlantType(this DeviceType type) => type switch
    {
        DeviceType.SolarInverter => PlantType.Solar,
        DeviceType.WindTurbine => PlantType.Wind,
        _ => null,
    };
}
