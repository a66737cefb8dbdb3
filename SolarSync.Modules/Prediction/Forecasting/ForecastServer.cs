using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Prediction.Api;
using SolarSync.Modules.Prediction.Caching;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Forecasting;

/// <summary>
/// Serves a site's forecast as JSON bytes: from the cache when it holds a forecast of the same inputs (site, hours,
/// model version, weather issue hour, issue hour), else computed, cached and archived. A cache that fails is bypassed, never fatal.
/// </summary>
internal sealed class ForecastServer(
    ForecastService forecasts, ForecastCache cache, ForecastArchive archive, ArchivedThisHour archived, PredictionMetrics metrics,
    ILogger<ForecastServer> logger)
{
    public async Task<IResult> ServeAsync(Site site, int hours, CancellationToken ct) =>
        TypedResults.Bytes(await ServeJsonAsync(site, hours, ct), ForecastJson.ContentType);

    /// <summary>The forecast as the UTF-8 JSON of the HTTP response, its metadata.cache telling how it was served.</summary>
    public async Task<byte[]> ServeJsonAsync(Site site, int hours, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var inputs = await forecasts.InputsAsync(site, hours, ct);
        var key = new ForecastCacheKey(site.Id, site.Type, hours, inputs.ModelVersion ?? ForecastService.PhysicalModel,
            inputs.WeatherIssuedAt, inputs.IssueHour);
        var lookup = await cache.GetAsync(key, ct);
        if (lookup is { Outcome: CacheOutcome.Hit, Value: { } cached })
        {
            metrics.Served(site.Type, lookup.OutcomeName, key.ModelVersion, Stopwatch.GetElapsedTime(started));
            return ForecastJson.WithCacheOutcome(cached, lookup.OutcomeName);
        }

        var forecast = await forecasts.ForecastAsync(inputs, ct);
        var json = ForecastJson.Serialize(ForecastJson.ToResponse(forecast));
        if (lookup.Outcome == CacheOutcome.Miss) await cache.SetAsync(key, json, ct);
        await ArchiveAsync(forecast, ct);
        if (inputs.ShadowVersion is { } shadow) await ShadowAsync(inputs with { ModelVersion = shadow, ByChallenger = true, ShadowVersion = null }, ct);
        metrics.Served(site.Type, lookup.OutcomeName, forecast.ModelVersion, Stopwatch.GetElapsedTime(started));
        return ForecastJson.WithCacheOutcome(json, lookup.OutcomeName);
    }

    /// <summary>
    /// A shadow experiment's challenger forecast of the same inputs, archived for the analysis and never returned. Made
    /// on a cache miss only, and not again once this process archived it for the site, issue hour and horizon: at most
    /// one more model pass per site, hour and horizon, however many requests are computed.
    /// </summary>
    private async Task ShadowAsync(ForecastInputs challenger, CancellationToken ct)
    {
        if (archived.Holds(challenger.Site.Id, challenger.ModelVersion!, challenger.IssueHour, challenger.Hours)) return;
        var forecast = await forecasts.ForecastAsync(challenger, ct);
        if (forecast.ModelVersion == challenger.ModelVersion) await ArchiveAsync(forecast, ct);
    }

    /// <summary>Every issued forecast is archived once (docs/architecture.md §6); a failed write is logged, the forecast still served.</summary>
    private async Task ArchiveAsync(SiteForecast forecast, CancellationToken ct)
    {
        if (archived.Holds(forecast)) return;
        try
        {
            await archive.StoreAsync(forecast, ct);
            archived.Stored(forecast);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Could not archive the forecast of site {SiteId} issued {IssuedAt:O}", forecast.Site.Id, forecast.IssuedAt);
        }
    }
}
