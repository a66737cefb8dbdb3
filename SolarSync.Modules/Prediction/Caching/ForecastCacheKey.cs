using System.Globalization;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Caching;

/// <summary>
/// What makes two forecast requests interchangeable: the site, its plant type, the horizon, the Production model
/// version, the issue hour of the weather forecast used (null when none was stored) and the forecast's own issue hour
/// (its first point; null only where a caller has none), so a forecast made last hour is never served as this hour's.
/// Promotion and rollback need no invalidation: the new version makes new keys, and entries of the old one expire by TTL.
/// </summary>
internal readonly record struct ForecastCacheKey(
    long SiteId, PlantType Type, int Hours, string ModelVersion, DateTimeOffset? WeatherIssuedAt, DateTimeOffset? IssueHour = null)
{
    /// <summary>
    /// The cache key, e.g. <c>forecast:g1732368000000000:site7:solar:h24:v20261123-1:wx2026112313</c> (weather issue hour
    /// as UTC yyyyMMddHH, or <c>wxnone</c>). <paramref name="generation"/> is bumped by a clear, which orphans every older
    /// entry at once (see <see cref="ICacheGeneration"/>). The version is the only free-text part and every part after it
    /// has a fixed shape, so two different keys never format alike.
    /// </summary>
    public string Format(string prefix, long generation)
    {
        ArgumentException.ThrowIfNullOrEmpty(ModelVersion);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hours);
        // Invariant culture: a calendar of the current culture must not change the year digits.
        var key = WeatherIssuedAt is { } issued
            ? string.Create(CultureInfo.InvariantCulture,
                $"{prefix}:g{generation}:site{SiteId}:{Type.ToDbName()}:h{Hours}:v{ModelVersion}:wx{issued.UtcDateTime:yyyyMMddHH}")
            : string.Create(CultureInfo.InvariantCulture,
                $"{prefix}:g{generation}:site{SiteId}:{Type.ToDbName()}:h{Hours}:v{ModelVersion}:wxnone");
        return IssueHour is { } hour ? string.Create(CultureInfo.InvariantCulture, $"{key}:t{hour.UtcDateTime:yyyyMMddHH}") : key;
    }
}
