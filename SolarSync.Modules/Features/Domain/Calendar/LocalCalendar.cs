namespace SolarSync.Modules.Features.Domain.Calendar;

/// <summary>The time zone a site's local calendar is read in.</summary>
internal static class LocalCalendar
{
    /// <summary>The IANA zone, or UTC when it is null or unknown to this machine.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
