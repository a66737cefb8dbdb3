namespace SolarSync.Modules.Collection.Sources;

/// <summary>Guards shared by the source clients: bad arguments are programming errors, not source failures.</summary>
internal static class SourceArguments
{
    public static void CheckPoint(double lat, double lon)
    {
        if (!double.IsFinite(lat) || lat is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(lat), lat, "Latitude must be within −90..90 degrees.");
        }

        if (!double.IsFinite(lon) || lon is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(lon), lon, "Longitude must be within −180..180 degrees.");
        }
    }

    public static void CheckDays(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"The last day must not precede the first ({from:yyyy-MM-dd}).");
        }
    }
}
