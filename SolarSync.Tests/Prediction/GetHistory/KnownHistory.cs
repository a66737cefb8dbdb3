using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Prediction.GetHistory;

/// <summary>
/// Three hours of a site, 2025-06-10 10:00–13:00 UTC, with stored rows and archived forecasts issued at different
/// hours, so that each lead shows another forecast. Forecast "base b" has p50 = b + i at its point i (the hour issue
/// + i h), p10 = p50 − 10, p90 = p50 + 10.
/// </summary>
internal static class KnownHistory
{
    public static readonly DateTimeOffset Day = new(2025, 6, 10, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset H10 = Day.AddHours(10), H11 = Day.AddHours(11), H12 = Day.AddHours(12);

    public const string Range = "from=2025-06-10T10:00:00Z&to=2025-06-10T13:00:00Z";

    /// <summary>Hub-height speed of a 3 m/s 10 m wind by the 1/7 power law at the default hub of 100 m: 3 × 10^(1/7).</summary>
    public static readonly double Hub10 = 3 * Math.Pow(10, 1.0 / 7);

    public static async Task<Site> StoreAsync(PredictionHost host)
    {
        var site = await host.CreateSiteAsync("Golden", capacityKw: 1000);
        await host.App.Services.GetRequiredService<ObservationRepository>().UpsertAsync(
        [
            // Outside the range: 09:00 and 13:00 (to is exclusive).
            Row(site, H10.AddHours(-1), ObservationSources.Meter) with { PowerKw = 999 },
            Row(site, H12.AddHours(1), ObservationSources.Meter) with { PowerKw = 999 },
            // 10:00: telemetry 42 kW beats the meter's 40; the weather service adds what neither has.
            Row(site, H10, ObservationSources.Meter) with { PowerKw = 40, Flags = QualityFlags.Flatliner },
            Row(site, H10, ObservationSources.Telemetry) with { PowerKw = 42 },
            Row(site, H10, ObservationSources.OpenMeteo) with { GhiWm2 = 600, TempC = 20, WindSpeed10mMs = 3, Flags = QualityFlags.AboveClearSky },
            // 11:00: an interpolated meter hour; 100 m wind is the hub's own height.
            Row(site, H11, ObservationSources.Meter) with { PowerKw = 30.5, Imputed = true },
            Row(site, H11, ObservationSources.OpenMeteo) with { GhiWm2 = 500, TempC = 21.25, WindSpeed100mMs = 5 },
            // 12:00: nothing stored.
        ], CancellationToken.None);

        // Day-ahead candidates.
        await host.StoreForecastAsync(Ramp(site, "v1", Day.AddHours(-16), 48, 100));  // A, 06-09 08:00
        await host.StoreForecastAsync(Ramp(site, "v1", Day.AddHours(-13), 48, 200));  // B, 06-09 11:00
        // F, 06-09 12:00: 24 points end at 06-10 11:00, so F covers neither 12:00 (day-ahead) nor any hour 24 h ahead.
        await host.StoreForecastAsync(Ramp(site, "v1", Day.AddHours(-12), 24, 900));
        await host.StoreForecastAsync(Ramp(site, "v1", Day.AddHours(4), 24, 300));    // C, 06-10 04:00
        // Three model versions issued at 05:00: v1 and v2 are as long, v2 generated later; v3 is newest but shorter.
        await host.StoreForecastAsync(Ramp(site, "v1", Day.AddHours(5), 24, 400) with { GeneratedAt = Day.AddHours(5).AddMinutes(7) });
        await host.StoreForecastAsync(Ramp(site, "v2", Day.AddHours(5), 24, 500) with { GeneratedAt = Day.AddHours(5).AddMinutes(20) });
        await host.StoreForecastAsync(Ramp(site, "v3", Day.AddHours(5), 12, 600) with { GeneratedAt = Day.AddHours(5).AddMinutes(50) });
        await host.StoreForecastAsync(Ramp(site, "v1", H11, 24, 700));                // E, 06-10 11:00
        return site;
    }

    /// <summary>The forecast each lead shows, by hour: (p50, issued at, lead hours, model version).</summary>
    public static (double P50, DateTimeOffset IssuedAt, int Lead, string Version)[] Expected(string lead) => lead switch
    {
        // Issued by 06-09 10:00, 11:00, 12:00: A (point 26), B (24), B (25; F ends before 12:00).
        "day-ahead" => [(126, Day.AddHours(-16), 26, "v1"), (224, Day.AddHours(-13), 24, "v1"), (225, Day.AddHours(-13), 25, "v1")],
        // Issued by 04:00, 05:00, 06:00: C (6), v2 of 05:00 (6), v2 of 05:00 (7).
        "6h" => [(306, Day.AddHours(4), 6, "v1"), (506, Day.AddHours(5), 6, "v2"), (507, Day.AddHours(5), 7, "v2")],
        // Issued by the hour itself: v2 of 05:00 (5), E (0), E (1).
        "latest" => [(505, Day.AddHours(5), 5, "v2"), (700, H11, 0, "v1"), (701, H11, 1, "v1")],
        _ => throw new ArgumentOutOfRangeException(nameof(lead), lead, null),
    };

    private static Observation Row(Site site, DateTimeOffset hour, string source) => new() { SiteId = site.Id, Ts = hour, Source = source };

    private static SiteForecast Ramp(Site site, string version, DateTimeOffset issuedAt, int hours, double first) =>
        PredictionHost.Forecast(site, version, issuedAt, null, Enumerable.Range(0, hours).Select(i => (first + i, first + i - 10, first + i + 10)).ToArray());
}
