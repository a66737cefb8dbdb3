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
        app.MapGet("/api/v1/sites/{id:long}/net-load", NetLoadAsync)
            .WithTags("Forecasts")
            .WithName("SiteNetLoad")
            .WithSummary("Hourly net load (p10/p50/p90, kW) of a load site: its demand minus its own solar plant's output.")
            .WithDescription("Example: GET /api/v1/sites/3/net-load?solar_site_id=1&hours=48. id: a load site; solar_site_id: " +
                "the solar site whose output it consumes first. Negative values are export. hours: 1–168, default 48.")
            .Produces<NetLoadResponse>(StatusCodes.Status200OK)
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

    internal static async Task<Results<Ok<NetLoadResponse>, ValidationProblem, ProblemHttpResult>> NetLoadAsync(
        long id, string? solar_site_id, string? hours, SiteLocator locator, ForecastServer server, CancellationToken ct)
    {
        var query = new ForecastQuery();
        var count = query.Hours(hours, defaultHours: 48);
        var solarId = query.SiteId("solar_site_id", solar_site_id);
        if (query.Errors.Count > 0) return TypedResults.ValidationProblem(query.Errors);
        var load = await locator.FindAsync(id, ct);
        var solar = await locator.FindAsync(solarId, ct);
        if (load is null || solar is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.",
                detail: $"No site has id {(load is null ? id : solarId)}.");
        }

        if (load.Type != PlantType.Load) query.Errors["id"] = [$"Site {id} is a {load.Type.ToDbName()} plant; net load is of a load site."];
        if (solar.Type != PlantType.Solar) query.Errors["solar_site_id"] = [$"Site {solarId} is a {solar.Type.ToDbName()} site, not solar."];
        if (query.Errors.Count > 0) return TypedResults.ValidationProblem(query.Errors);

        var loadForecast = ForecastJson.Deserialize(await server.ServeJsonAsync(load, count, ct));
        var solarForecast = ForecastJson.Deserialize(await server.ServeJsonAsync(solar, count, ct));
        return TypedResults.Ok(NetLoad.Combine(loadForecast, solarForecast));
    }

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
