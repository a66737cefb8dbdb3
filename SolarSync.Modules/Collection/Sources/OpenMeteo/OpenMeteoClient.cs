using System.Globalization;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Sources.OpenMeteo;

/// <summary>
/// Open-Meteo forecast API (base address of the typed HttpClient) and archive API (its own base URL, requested as an
/// absolute URI through the same resilience handler, which keeps one pipeline per host).
/// </summary>
internal sealed class OpenMeteoClient(HttpClient http, IOptions<WeatherSourcesOptions> options, TimeProvider time)
{
    internal const string ForecastPath = "v1/forecast";
    internal const string ArchivePath = "v1/archive";

    /// <summary>
    /// GET the next <see cref="WeatherSourcesOptions.ForecastDays"/> days of hourly weather for one point.
    /// <see cref="WeatherForecast.IssuedAt"/> is the UTC hour in which the request was made.
    /// </summary>
    public async Task<WeatherForecast> GetForecastAsync(long siteId, double lat, double lon, CancellationToken ct)
    {
        SourceArguments.CheckPoint(lat, lon);
        var issuedAt = TruncateToHour(time.GetUtcNow());
        var uri = new Uri(
            $"{ForecastPath}?{CommonQuery(lat, lon)}&forecast_days={options.Value.ForecastDays.ToString(CultureInfo.InvariantCulture)}",
            UriKind.Relative);
        var hours = await WeatherSourceHttp.GetJsonAsync(http, ObservationSources.OpenMeteo, uri,
            root => OpenMeteoHourlyParser.Parse(root, siteId, missingFieldsAreNull: false), ct);
        return new WeatherForecast(issuedAt, hours);
    }

    /// <summary>
    /// GET reanalysis history for <paramref name="from"/> 00:00 UTC to <paramref name="to"/> 23:00 UTC, every hour
    /// present (values may be null). Fields the archive lacks are null.
    /// </summary>
    public async Task<IReadOnlyList<Observation>> GetArchiveAsync(long siteId, double lat, double lon, DateOnly from,
        DateOnly to, CancellationToken ct)
    {
        SourceArguments.CheckPoint(lat, lon);
        SourceArguments.CheckDays(from, to);

        // The radiation of our last hour (to 23:00) is stamped the next day at 00:00, so ask for one more day and keep
        // only the requested hours.
        var inv = CultureInfo.InvariantCulture;
        var archiveBase = WeatherSourceRegistration.AsBaseAddress(options.Value.OpenMeteoArchiveBaseUrl);
        var uri = new Uri(archiveBase,
            $"{ArchivePath}?{CommonQuery(lat, lon)}&start_date={from.ToString("yyyy-MM-dd", inv)}" +
            $"&end_date={to.AddDays(1).ToString("yyyy-MM-dd", inv)}");
        var range = (Start: new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            EndExclusive: new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return await WeatherSourceHttp.GetJsonAsync(http, ObservationSources.OpenMeteo, uri,
            root => OpenMeteoHourlyParser.Parse(root, siteId, missingFieldsAreNull: true, range), ct);
    }

    private static string CommonQuery(double lat, double lon)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Join('&',
            "latitude=" + lat.ToString("0.#####", inv),
            "longitude=" + lon.ToString("0.#####", inv),
            "hourly=" + string.Join(',', OpenMeteoHourlyParser.HourlyFields),
            "timezone=UTC",
            "wind_speed_unit=ms");
    }

    private static DateTimeOffset TruncateToHour(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero);
    }
}
