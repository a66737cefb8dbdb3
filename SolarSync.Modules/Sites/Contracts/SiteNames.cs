namespace SolarSync.Modules.Sites.Contracts;

/// <summary>
/// What a plant's name may be, wherever a site is created (the sites API, a device registered with a location): shown in
/// the console, CSV file names and logs, so no control characters (PostgreSQL text cannot even hold NUL).
/// </summary>
public static class SiteNames
{
    public const int MaxLength = 100;

    public const string ControlCharactersMessage = "must not contain control characters (line breaks, tabs, NUL).";

    public static bool HasNoControlCharacters(string? name) => name is null || !name.Any(char.IsControl);
}
