using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using SolarSync.Modules.Prediction.Api;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Forecasting;

/// <summary>Serves a site's forecast as JSON bytes: from the cache when it holds the same inputs, else computed, cached and archived.</summary>
internal sealed class ForecastServer(ForecastService forecasts, PredictionMetrics metrics)
{
    public async Task<IResult> ServeAsync(Site site, int hours, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var inputs = await forecasts.InputsAsync(site, hours, ct);
        var forecast = await forecasts.ForecastAsync(inputs, ct);
        var json = ForecastJson.Serialize(ForecastJson.ToResponse(forecast));
        metrics.Served(site.Type, "miss", forecast.ModelVersion, Stopwatch.GetElapsedTime(started));
        return TypedResults.Bytes(json, ForecastJson.ContentType);
    }
}
