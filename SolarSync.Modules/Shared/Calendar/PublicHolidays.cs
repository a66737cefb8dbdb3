using System.Collections.Concurrent;
using System.Globalization;
using PublicHoliday;

namespace SolarSync.Modules.Shared.Calendar;

/// <summary>
/// National public holidays by ISO 3166-1 alpha-2 country code: the PublicHoliday library's rules (with its one-off
/// changes) for the countries it covers, and Morocco here, whose Islamic holidays follow the lunar calendar.
/// An unknown or empty country has no holidays.
/// </summary>
internal static class PublicHolidays
{
    private static readonly Dictionary<string, Func<IPublicHolidays>> Library = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AT"] = () => new AustriaPublicHoliday(), ["AU"] = () => new AustraliaPublicHoliday(), ["BE"] = () => new BelgiumPublicHoliday(),
        ["BR"] = () => new BrazilPublicHoliday(), ["CA"] = () => new CanadaPublicHoliday(), ["CH"] = () => new SwitzerlandPublicHoliday(),
        ["CZ"] = () => new CzechRepublicPublicHoliday(), ["DE"] = () => new GermanPublicHoliday(), ["DK"] = () => new DenmarkPublicHoliday(),
        ["EE"] = () => new EstoniaPublicHoliday(), ["ES"] = () => new SpainPublicHoliday(), ["FI"] = () => new FinlandPublicHoliday(),
        ["FR"] = () => new FrancePublicHoliday(), ["GB"] = () => new UKBankHoliday(), ["GR"] = () => new GreecePublicHoliday(),
        ["HR"] = () => new CroatiaPublicHoliday(), ["HU"] = () => new HungaryPublicHoliday(), ["IE"] = () => new IrelandPublicHoliday(),
        ["IT"] = () => new ItalyPublicHoliday(), ["JP"] = () => new JapanPublicHoliday(), ["KZ"] = () => new KazakhstanPublicHoliday(),
        ["LT"] = () => new LithuaniaPublicHoliday(), ["LU"] = () => new LuxembourgPublicHoliday(), ["LV"] = () => new LatviaPublicHoliday(),
        ["ME"] = () => new MontenegroPublicHoliday(), ["MX"] = () => new MexicoPublicHoliday(), ["NL"] = () => new DutchPublicHoliday(),
        ["NO"] = () => new NorwayPublicHoliday(), ["NZ"] = () => new NewZealandPublicHoliday(), ["PL"] = () => new PolandPublicHoliday(),
        ["PT"] = () => new PortugalPublicHoliday(), ["RO"] = () => new RomanianPublicHoliday(), ["RS"] = () => new SerbianPublicHoliday(),
        ["SE"] = () => new SwedenPublicHoliday(), ["SI"] = () => new SloveniaPublicHoliday(), ["SK"] = () => new SlovakiaPublicHoliday(),
        ["TR"] = () => new TurkeyPublicHoliday(), ["US"] = () => new USAPublicHoliday(), ["ZA"] = () => new SouthAfricaPublicHoliday(),
    };

    private static readonly ConcurrentDictionary<(string Country, int Year), HashSet<DateOnly>> Cache = new();

    /// <summary>The ISO 3166-1 alpha-2 codes of the countries whose holidays are known here, sorted.</summary>
    public static IReadOnlyList<string> Countries { get; } = [.. Library.Keys.Append("MA").Order(StringComparer.Ordinal)];

    /// <summary>Countries whose holidays are known here.</summary>
    public static bool Knows(string? country) => country is not null && (Library.ContainsKey(country) || IsMorocco(country));

    /// <summary>True when <paramref name="date"/> is a public holiday of <paramref name="country"/>.</summary>
    public static bool IsHoliday(string? country, DateOnly date) =>
        Knows(country) && Cache.GetOrAdd((country!.ToUpperInvariant(), date.Year), key => Compute(key.Country, key.Year)).Contains(date);

    /// <summary>True in the month of Ramadan where the country's calendar follows it (Morocco), else false.</summary>
    public static bool IsRamadan(string? country, DateOnly date) =>
        country is not null && IsMorocco(country) && Hijri.GetMonth(date.ToDateTime(TimeOnly.MinValue)) == 9;

    /// <summary>
    /// A working day between a holiday and the weekend (the Monday before a Tuesday holiday, the Friday after a Thursday
    /// holiday): many take it off, so its demand looks more like a holiday's than a working day's.
    /// </summary>
    public static bool IsBridgeDay(string? country, DateOnly date)
    {
        if (!Knows(country) || IsHoliday(country, date)) return false;
        return date.DayOfWeek switch
        {
            DayOfWeek.Monday => IsHoliday(country, date.AddDays(1)),
            DayOfWeek.Friday => IsHoliday(country, date.AddDays(-1)),
            _ => false,
        };
    }

    private static bool IsMorocco(string country) => country.Equals("MA", StringComparison.OrdinalIgnoreCase);

    private static HashSet<DateOnly> Compute(string country, int year)
    {
        if (IsMorocco(country)) return Morocco(year);
        return Library[country]().PublicHolidays(year).Select(DateOnly.FromDateTime).ToHashSet();
    }

    private static readonly UmAlQuraCalendar Hijri = new();

    // Morocco's fixed national days (month, day).
    private static readonly (int Month, int Day)[] MoroccoFixed =
        [(1, 1), (1, 11), (5, 1), (7, 30), (8, 14), (8, 20), (8, 21), (11, 6), (11, 18)];

    // Islamic holidays (Hijri month, day, days off): Eid al-Fitr, Eid al-Adha, the Islamic new year, the Mawlid.
    private static readonly (int Month, int Day, int Days)[] MoroccoIslamic = [(10, 1, 2), (12, 10, 2), (1, 1, 1), (3, 12, 2)];

    /// <summary>
    /// Morocco's holidays. The Islamic ones begin when the new moon is sighted in Morocco, which is the Umm al-Qura
    /// date or, more often, a day later: one more day is flagged so the holiday is covered either way (a day off that
    /// is flagged as a working day costs a model more than a working day flagged as a holiday).
    /// </summary>
    private static HashSet<DateOnly> Morocco(int year)
    {
        var days = MoroccoFixed.Select(d => new DateOnly(year, d.Month, d.Day)).ToHashSet();
        var from = new DateTime(year, 1, 1).AddDays(-3);
        for (var day = from; day.Year <= year; day = day.AddDays(1))
        {
            var (month, dayOfMonth) = (Hijri.GetMonth(day), Hijri.GetDayOfMonth(day));
            foreach (var holiday in MoroccoIslamic)
            {
                if (month != holiday.Month || dayOfMonth != holiday.Day) continue;
                for (var k = 0; k <= holiday.Days; k++)
                {
                    var date = DateOnly.FromDateTime(day.AddDays(k));
                    if (date.Year == year) days.Add(date);
                }
            }
        }

        return days;
    }
}
