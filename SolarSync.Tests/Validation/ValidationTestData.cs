using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;
using SolarSync.Modules.Validation.Domain;

namespace SolarSync.Tests.Validation;

/// <summary>
/// A sun with round numbers, so expected values can be worked out by hand. By UTC hour of day:
/// 07–16 h elevation 60° (zenith 30°), 06 and 17 h 5° (low sun), 05 and 18 h −3° (twilight, not night),
/// otherwise −30° (night). Clear-sky GHI = 1000 W/m² × sin(elevation) above the horizon: 866.03 W/m² at 60°,
/// 87.16 W/m² at 5°. The real geometry is tested separately (category NeedsPhysics).
/// </summary>
internal sealed class FakeSunModel : ISunModel
{
    public SolarAngles Sun(DateTimeOffset hourStartUtc)
    {
        var elevation = hourStartUtc.UtcDateTime.Hour switch
        {
            >= 7 and <= 16 => 60.0,
            6 or 17 => 5.0,
            5 or 18 => -3.0,
            _ => -30.0,
        };
        return new SolarAngles(90 - elevation, 180, elevation, 1361);
    }

    public ClearSkyIrradiance ClearSky(SolarAngles sun) =>
        sun.ElevationDeg <= 0 ? default : new ClearSkyIrradiance(1000 * Math.Sin(sun.ElevationDeg * Math.PI / 180), 900, 100);
}

internal static class ValidationTestData
{
    public const long SiteId = 7;

    /// <summary>All test rows are on 1–5 June 2024; "now" is well after them.</summary>
    public static readonly DateTimeOffset Day = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Now = new(2024, 6, 10, 12, 20, 0, TimeSpan.Zero);

    public static readonly SiteLimits Site = new(Latitude: 45, Longitude: 10, CapacityKw: 1000);

    public static ObservationValidator Validator(TimeProvider? clock = null) =>
        new(clock ?? new FakeTimeProvider(Now), _ => new FakeSunModel());

    /// <summary>An empty meter row at <paramref name="hour"/> h of <see cref="Day"/> (hours past 23 run into later days).</summary>
    public static Observation At(int hour, string source = ObservationSources.Meter) =>
        At(Day.AddHours(hour), source);

    public static Observation At(DateTimeOffset ts, string source = ObservationSources.Meter) =>
        new() { SiteId = SiteId, Ts = ts, Source = source };

    /// <summary>A row with every field set to an ordinary daytime value.</summary>
    public static Observation Typical(int hour) => At(hour) with
    {
        GhiWm2 = 600, DniWm2 = 600, DhiWm2 = 100, TempC = 22, RelHumidityPct = 55, PressureHpa = 1012,
        WindSpeed10mMs = 4, WindSpeed100mMs = 7, WindDirDeg = 220, CloudCoverPct = 30, PowerKw = 500,
    };
}
