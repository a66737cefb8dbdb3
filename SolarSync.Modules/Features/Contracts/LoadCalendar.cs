using SolarSync.Modules.Features.Domain.Calendar;
using SolarSync.Modules.Shared.Calendar;

namespace SolarSync.Modules.Features.Contracts;

/// <summary>What the load features know of a site's calendar.</summary>
public static class LoadCalendar
{
    /// <summary>True when the public holidays of the ISO 3166-1 alpha-2 <paramref name="country"/> are known.</summary>
    public static bool KnowsHolidays(string? country) => PublicHolidays.Knows(country);

    /// <summary>The IANA time zone <paramref name="id"/>, or UTC when it is null or unknown.</summary>
    public static TimeZoneInfo Zone(string? id) => LocalCalendar.Zone(id);
}
