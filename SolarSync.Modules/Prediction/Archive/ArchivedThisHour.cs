using System.Collections.Concurrent;
using SolarSync.Modules.Prediction.Domain;

namespace SolarSync.Modules.Prediction.Archive;

/// <summary>
/// The forecasts this process has archived lately, by (site, model version, issue hour), with the longest horizon
/// stored. Every computed request of an hour after the first would archive the same forecast again; this answers
/// "already stored" without a query. Another process's archiving is not seen here, which only costs that query:
/// the archive's own statement still settles what is stored. Issue hours older than the previous one are forgotten.
/// </summary>
internal sealed class ArchivedThisHour
{
    private readonly ConcurrentDictionary<(long SiteId, string ModelVersion, DateTimeOffset IssuedAt), int> horizons = new();
    private long newestIssueTicks;

    /// <summary>True when a forecast of the same key and at least this horizon was stored by this process.</summary>
    public bool Holds(SiteForecast forecast) => Holds(forecast.Site.Id, forecast.ModelVersion, forecast.IssuedAt, forecast.Points.Count);

    /// <summary>True when this process stored the version's forecast of the site from that issue hour, at least <paramref name="hours"/> long.</summary>
    public bool Holds(long siteId, string modelVersion, DateTimeOffset issuedAt, int hours) =>
        horizons.TryGetValue((siteId, modelVersion, issuedAt.ToUniversalTime()), out var stored) && stored >= hours;

    public void Stored(SiteForecast forecast)
    {
        horizons.AddOrUpdate(KeyOf(forecast), forecast.Points.Count, (_, hours) => Math.Max(hours, forecast.Points.Count));
        var issued = forecast.IssuedAt.UtcTicks;
        var newest = Interlocked.Read(ref newestIssueTicks);
        if (issued > newest && Interlocked.CompareExchange(ref newestIssueTicks, issued, newest) == newest)
        {
            var keepFrom = issued - TimeSpan.TicksPerHour;
            foreach (var key in horizons.Keys)
                if (key.IssuedAt.UtcTicks < keepFrom) horizons.TryRemove(key, out _);
        }
    }

    /// <summary>Forgets everything (the archive was emptied behind this process's back, as tests do).</summary>
    public void Clear() => horizons.Clear();

    private static (long, string, DateTimeOffset) KeyOf(SiteForecast f) => (f.Site.Id, f.ModelVersion, f.IssuedAt.ToUniversalTime());
}
