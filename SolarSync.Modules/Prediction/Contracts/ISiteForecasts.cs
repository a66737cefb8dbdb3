namespace SolarSync.Modules.Prediction.Contracts;

/// <summary>How another module gets a site's forecast (e.g. to publish it to the plant's devices).</summary>
public interface ISiteForecasts
{
    /// <summary>
    /// The site's forecast of the next <paramref name="hours"/> hours as UTF-8 JSON in the shape of
    /// <c>GET /api/v1/sites/{id}/forecast</c>, served like an HTTP request (cached, archived); null when no such site exists.
    /// </summary>
    Task<byte[]?> ForecastJsonAsync(long siteId, int hours, CancellationToken ct);
}
