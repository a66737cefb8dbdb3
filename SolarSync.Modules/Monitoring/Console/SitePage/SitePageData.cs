using System.Text.Json;
using Microsoft.Extensions.Logging;
using SolarSync.Modules.Monitoring.Console.Layout;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Monitoring.Console.SitePage;

/// <summary>One hour of the served forecast, kW.</summary>
internal readonly record struct ForecastHour(DateTimeOffset Timestamp, double P50, double P10, double P90);

/// <summary>The forecast of the coming hours as the forecast API serves it (cached and archived like any request).</summary>
internal sealed record ServedForecast(string ModelVersion, DateTimeOffset IssuedAt, string HistoricalContext, IReadOnlyList<ForecastHour> Hours);

/// <param name="History">The last <see cref="SitePageData.HistoryDays"/> days, hour by hour, with the archived day-ahead forecast.</param>
/// <param name="Forecast">Null when the forecast could not be made (the page says so).</param>
/// <param name="Quality">The site's scored days among <paramref name="QualityDays"/>.</param>
internal sealed record SitePageModel(
    Site Site,
    TimeZoneInfo Zone,
    DateTimeOffset Now,
    IReadOnlyList<HistoryHour> History,
    ServedForecast? Forecast,
    SitePerformanceView Performance,
    IReadOnlyList<SiteDayQuality> Quality,
    IReadOnlyList<DateOnly> QualityDays);

/// <summary>Reads what a plant's page shows; the reads are independent and run side by side.</summary>
internal sealed class SitePageData(
    ISiteHistory history,
    ISiteForecasts forecasts,
    ISitePerformance performance,
    IDailyQualityReader quality,
    TimeProvider clock,
    ILogger<SitePageData> logger)
{
    public const int HistoryDays = 7;
    public const int ForecastHours = 48;
    public const int PerformanceDays = 7;
    public const int QualityCalendarDays = 30;

    public async Task<SitePageModel> LoadAsync(Site site, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hour = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var firstDay = today.AddDays(-(QualityCalendarDays - 1));

        var hours = ReadHistoryAsync(site, hour.AddDays(-HistoryDays), hour, ct);
        var forecast = ForecastAsync(site, ct);
        var accuracy = performance.ReportAsync(site, PerformanceDays, ct);
        var days = quality.ReadAsync(site.Id, firstDay, today, ct);
        await Task.WhenAll(hours, forecast, accuracy, days);

        var calendar = Enumerable.Range(0, QualityCalendarDays).Select(firstDay.AddDays).ToList();
        return new SitePageModel(site, Format.Zone(site.TimeZone), now, await hours, await forecast, await accuracy, await days, calendar);
    }

    private async Task<IReadOnlyList<HistoryHour>> ReadHistoryAsync(Site site, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var list = new List<HistoryHour>(HistoryDays * 24);
        await foreach (var h in history.ReadAsync(site, from, to, ForecastLead.DayAhead, ct)) list.Add(h);
        return list;
    }

    private async Task<ServedForecast?> ForecastAsync(Site site, CancellationToken ct)
    {
        try
        {
            return await forecasts.ForecastJsonAsync(site.Id, ForecastHours, ct) is { } json ? Parse(json) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The page still shows what was observed; the log says why the forecast is missing.
            logger.LogError(e, "The console could not get the forecast of site {SiteId}", site.Id);
            return null;
        }
    }

    /// <summary>Reads the forecast API's JSON (snake_case: model_version, issued_at, points[], metadata).</summary>
    internal static ServedForecast Parse(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var points = root.GetProperty("points").EnumerateArray()
            .Select(p => new ForecastHour(p.GetProperty("timestamp").GetDateTimeOffset(), p.GetProperty("p50").GetDouble(),
                p.GetProperty("p10").GetDouble(), p.GetProperty("p90").GetDouble()))
            .ToList();
        var context = root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("historical_context", out var c) ? c.GetString() : null;
        return new ServedForecast(root.GetProperty("model_version").GetString() ?? "", root.GetProperty("issued_at").GetDateTimeOffset(),
            context ?? "", points);
    }
}
