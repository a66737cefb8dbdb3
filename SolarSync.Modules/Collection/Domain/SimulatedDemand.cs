using SolarSync.Modules.Shared.Calendar;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Domain;

/// <summary>
/// Demand of a simulated consumer: the shape of the BDEW H0 household standard load profile (Repräsentative
/// VDEW-Lastprofile, 1999; transition period, quarter-hour values averaged to hours) by local weekday, Saturday and
/// Sunday (public holidays of the site's country count as Sunday), scaled so that the profile's highest hour is 80 %
/// of the site's peak, raised in the cold and the heat.
/// </summary>
internal static class SimulatedDemand
{
    // Hourly means of H0 in W per 1000 kWh a year, local hours 0–23.
    private static readonly double[] Workday =
        [66.6, 49.2, 44.3, 43.1, 44.1, 52.6, 92.9, 129.7, 137.5, 135.9, 132.1, 133.2, 149.6, 145.7, 126.8, 113.4, 106.2, 116.3, 144.9, 171.9, 168.1, 155.9, 135.7, 100.2];
    private static readonly double[] Saturday =
        [73.2, 56.3, 46.4, 43.8, 43.2, 45.2, 58.6, 93.2, 129.7, 150.4, 163.3, 171.8, 181.4, 177.4, 161.3, 148.7, 146.5, 159.4, 183.3, 198.1, 180.4, 147.3, 138.6, 116.5];
    private static readonly double[] Sunday =
        [84.3, 62.2, 48.9, 44.3, 43.2, 43.3, 45.7, 65.5, 111.2, 159.5, 185.1, 205.2, 207.8, 168.6, 136.2, 121, 107.3, 111.8, 137.6, 160.9, 154.8, 143.9, 127.6, 94];

    private const double ProfileMaxW = 207.8;
    private const double ShapePeakShare = 0.8;

    // Electric heating and cooling: +1.5 % per °C below 15 °C, +2 % per °C above 22 °C (a household's order of
    // magnitude; the demo needs a temperature signal for the load features to find, not a calibrated building).
    private const double HeatingBaseC = 15, HeatingPerDegree = 0.015;
    private const double CoolingBaseC = 22, CoolingPerDegree = 0.02;

    /// <param name="noise">A standard-normal deviate for the hour; demand varies by about 5 % of itself around the profile.</param>
    public static double Kw(Site site, DateTimeOffset hourStartUtc, double tempC, double noise)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(site.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(hourStartUtc, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var day = local.DayOfWeek == DayOfWeek.Sunday || PublicHolidays.IsHoliday(site.Country, date) ? Sunday
            : local.DayOfWeek == DayOfWeek.Saturday ? Saturday
            : Workday;
        var shape = day[local.Hour] / ProfileMaxW * ShapePeakShare;
        var weather = 1 + HeatingPerDegree * Math.Max(0, HeatingBaseC - tempC) + CoolingPerDegree * Math.Max(0, tempC - CoolingBaseC);
        return Math.Max(0, site.CapacityKw * shape * weather * (1 + 0.05 * noise));
    }
}
