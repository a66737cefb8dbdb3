namespace SolarSync.Modules.Sites.Contracts;

/// <summary>The lower-case names plant types have in URLs, JSON and the database.</summary>
public static class PlantTypes
{
    public static string ToDbName(this PlantType type) => type switch
    {
        PlantType.Solar => "solar",
        PlantType.Wind => "wind",
        PlantType.Load => "load",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown plant type."),
    };

    /// <summary>Every plant type, in the order pages and jobs list them.</summary>
    public static IReadOnlyList<PlantType> All { get; } = [PlantType.Solar, PlantType.Wind, PlantType.Load];

    /// <summary>The names as an error message lists them.</summary>
    public const string Expected = "'solar', 'wind' or 'load'";

    public static bool TryParse(string? text, out PlantType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "solar": type = PlantType.Solar; return true;
            case "wind": type = PlantType.Wind; return true;
            case "load": type = PlantType.Load; return true;
            default: type = default; return false;
        }
    }

    public static PlantType Parse(string text) =>
        TryParse(text, out var type) ? type : throw new FormatException($"'{text}' is not a plant type (solar|wind|load).");
}
