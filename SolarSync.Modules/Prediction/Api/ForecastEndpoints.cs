using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Prediction.Forecasting;
using SolarSync.Modules.Shared.Http;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Api;

internal static class ForecastEndpoints
{
    private const string Example = """
        {"site": {"id": 1, "name": "Demo Solar Golden", "latitude": 39.742, "longitude": -105.179, "capacity_kw": 500},
         "type": "solar", "unit": "kW", "model_version": "20261122T020000Z", "model_family": "ensemble",
         "generated_at": "2026-11-23T14:05:12Z", "issued_at": "2026-11-23T14:00:00Z",
         "points": [{"timestamp": "2026-11-23T14:00:00Z", "p50": 212.4, "p10": 158.9, "p90": 251.0},
                    {"timestamp": "2026-11-23T15:00:00Z", "p50": 141.7, "p10": 96.2, "p90": 180.3}],
         "metadata": {"historical_context": "observed", "history_hours": 48, "weather_issued_at": "2026-11-23T14:05:00Z", "cache": "miss"}}
        """;

    public static void MapForecasts(this IEndpointRouteBuilder app, string rateLimitPolicy)
    {
        app.MapGet("/api/v1/predict/{type}", PredictNearestAsync)
            .WithTags("Forecasts")
            .WithName("PredictNearest")
            .WithSummary("Hourly forecast (p10/p50/p90, kW) for the registered plant of that type nearest to a point.")
            .WithDescription("Example: GET /api/v1/predict/solar?location_lat=39.742&location_lng=-105.179&hours=24. " +
                "The nearest site of the type within Prediction:NearestSiteRadiusKm (default 25 km) is forecast; none → 404. hours: 1–168, default 24.")
            .Produces<ForecastResponse>(StatusCodes.Status200OK, ForecastJson.ContentType)
            .WithResponseExample(StatusCodes.Status200OK, Example)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(rateLimitPolicy)
            .RequireCors(AuthorizationPolicies.PublicReadCors);
        app.MapGet("/api/v1/sites/{id:long}/forecast", SiteForecastAsync)
            .WithTags("Forecasts")
            .WithName("SiteForecast")
            .WithSummary("Hourly forecast (p10/p50/p90, kW) of one registered plant.")
            .WithDescription("Example: GET /api/v1/sites/1/forecast?hours=48. hours: 1–168, default 48.")
            .Produces<ForecastResponse>(StatusCodes.Status200OK, ForecastJson.ContentType)
            .WithResponseExample(StatusCodes.Status200OK, Example)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(rateLimitPolicy)
            .RequireCors(AuthorizationPolicies.PublicReadCors);
    }

    internal static async Task<IResult> PredictNearestAsync(
        string type, string? location_lat, string? location_lng, string? hours,
        SiteLocator locator, ForecastServer server, IOptions<PredictionOptions> options, CancellationToken ct)
    {
        var query = new ForecastQuery();
        if (!PlantTypes.TryParse(type, out var plantType)) query.Errors["type"] = [$"'type' must be {PlantTypes.Expected}, not '{type}'."];
        var latitude = query.Coordinate("location_lat", location_lat, 90);
        var longitude = query.Coordinate("location_lng", location_lng, 180);
        var count = query.Hours(hours);
        if (query.Errors.Count > 0) return TypedResults.ValidationProblem(query.Errors);

        var radius = options.Value.NearestSiteRadiusKm;
        if (await locator.NearestAsync(plantType, latitude, longitude, radius, ct) is not { } nearest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No site nearby.",
                detail: $"No registered {plantType.ToDbName()} site lies within {radius:G} km of ({latitude:G}, {longitude:G}).");
        }

        return await server.ServeAsync(nearest.Site, count, ct);
    }

    internal static Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> SiteForecastAsync(
        long id, string? hours, SiteLocator locator, ForecastServer server, CancellationToken ct) =>
        AnswerSiteForecastAsync(id, hours, locator, server, json => TypedResults.Bytes(json, ForecastJson.ContentType), ct);

    /// <summary>
    /// The answer <paramref name="answer"/> makes of the site's forecast as served (the UTF-8 JSON of the forecast
    /// endpoint: cached, archived); otherwise a 400 problem naming hours, or 404 for an unknown site. The JSON endpoint
    /// and the CSV export both go through here.
    /// </summary>
    internal static async Task<Results<TResult, ValidationProblem, ProblemHttpResult>> AnswerSiteForecastAsync<TResult>(
        long id, string? hours, SiteLocator locator, ForecastServer server, Func<byte[], TResult> answer, CancellationToken ct)
        where TResult : IResult
    {
        var query = new ForecastQuery();
        var count = query.Hours(hours, defaultHours: 48);
        if (query.Errors.Count > 0) return TypedResults.ValidationProblem(query.Errors);
        if (await locator.FindAsync(id, ct) is not { } site)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.", detail: $"No site has id {id}.");
        }

        return answer(await server.ServeJsonAsync(site, count, ct));
    }
}
