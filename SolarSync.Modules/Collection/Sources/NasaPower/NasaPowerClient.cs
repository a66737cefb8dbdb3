using System.Globalization;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Sources.NasaPower;

/// <summary>
/// NASA POWER hourly point API (history). Typed client: its HttpClient carries the base address and the standard
/// resilience handler (see <see cref="WeatherSourceRegistration"/>).
/// </summary>
internal sealed class NasaPowerClient(HttpClient http, IOptions<WeatherSourcesOptions> options)
{
    internal const string HourlyPointPath = "api/temporal/hourly/point";

    /// <summary>The API refuses more parameters than this in one call.</summary>
    internal const int MaxParametersPerCall = 15;

    /// <summary>
    /// GET the hourly point data of one site for <paramref name="from"/> 00:00 UTC to <paramref name="to"/> 23:00 UTC,
    /// in consecutive calls of at most <see cref="WeatherSourcesOptions.MaxDaysPerNasaCall"/> days.
    /// One row per hour, ascending; fill values become null. Any failed call fails the whole range.
    /// </summary>
    public async Task<IReadOnlyList<Observation>> GetHourlyAsync(long siteId, double lat, double lon, DateOnly from,
        DateOnly to, CancellationToken ct)
    {
        SourceArguments.CheckPoint(lat, lon);
        SourceArguments.CheckDays(from, to);

        var rows = new List<Observation>();
        foreach (var (chunkFrom, chunkTo) in SplitIntoChunks(from, to, options.Value.MaxDaysPerNasaCall))
        {
            // One call at a time: gentle on a shared public service, and a backfill is not latency-bound.
            var uri = BuildHourlyUri(lat, lon, chunkFrom, chunkTo);
            var chunk = await WeatherSourceHttp.GetJsonAsync(http, ObservationSources.NasaPower, uri,
                root => NasaPowerHourlyParser.Parse(root, siteId, chunkFrom, chunkTo), ct);
            rows.AddRange(chunk);
        }

        return rows;
    }

    /// <summary>Consecutive, non-overlapping day ranges of at most <paramref name="maxDays"/> days covering from..to.</summary>
    internal static IReadOnlyList<(DateOnly From, DateOnly To)> SplitIntoChunks(DateOnly from, DateOnly to, int maxDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        var chunks = new List<(DateOnly, DateOnly)>();
        var start = from;
        while (true)
        {
            var end = to.DayNumber - start.DayNumber < maxDays ? to : start.AddDays(maxDays - 1);
            chunks.Add((start, end));
            if (end == to)
            {
                break;
            }

            start = end.AddDays(1);
        }

        return chunks;
    }

    internal static Uri BuildHourlyUri(double lat, double lon, DateOnly from, DateOnly to)
    {
        var inv = CultureInfo.InvariantCulture;
        // time-standard=UTC: the default (LST, local solar time) would shift every hour by longitude/15.
        var query = string.Join('&',
            "community=RE",
            "parameters=" + string.Join(',', NasaPowerHourlyParser.Parameters),
            "latitude=" + lat.ToString("0.#####", inv),
            "longitude=" + lon.ToString("0.#####", inv),
            "start=" + from.ToString("yyyyMMdd", inv),
            "end=" + to.ToString("yyyyMMdd", inv),
            "format=JSON",
            "time-standard=UTC");
        return new Uri($"{HourlyPointPath}?{query}", UriKind.Relative);
    }
}
