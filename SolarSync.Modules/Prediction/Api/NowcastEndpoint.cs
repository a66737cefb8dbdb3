using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Shared.Http;
using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Modules.Prediction.Api;

/// <summary>Conditions of one hour: GHI (W/m²), air temperature (°C), the UTC hour (0–23) and the plant's capacity (kW).</summary>
public sealed record NowcastRequest(double? Ghi, double? Temperature, int? Hour, double? SystemCapacityKw);

/// <summary>
/// prediction: AC output (kW); p10–p90: the 80 % interval (confidence 0.8) for a plant of unknown orientation, whose
/// plane-of-array irradiance lies between about 0.85 and 1.2 times GHI; timestamp: the hour's UTC start today.
/// </summary>
public sealed record NowcastResponse(double Prediction, string Model, double Confidence, double P10, double P90, string Unit,
    DateTimeOffset Timestamp, DateTimeOffset GeneratedAt);

internal sealed class NowcastRequestValidator : AbstractValidator<NowcastRequest>
{
    public NowcastRequestValidator()
    {
        RuleFor(r => r.Ghi).NotNull().InclusiveBetween(0, 1500);
        RuleFor(r => r.Temperature).NotNull().InclusiveBetween(-60, 60);
        RuleFor(r => r.Hour).NotNull().InclusiveBetween(0, 23);
        RuleFor(r => r.SystemCapacityKw).NotNull().GreaterThan(0).LessThanOrEqualTo(10_000_000);
    }
}

internal static class NowcastEndpoint
{
    public const string Model = "pvwatts-ghi";

    // Plane-of-array over horizontal irradiance for unknown tilt and azimuth: a steep north-facing array sees less,
    // a well-tilted equator-facing one in low sun more (the spread of PVWatts runs over typical orientations).
    private const double LowPoaRatio = 0.85, HighPoaRatio = 1.2;
    private const double NominalCoverage = 0.8;
    private const double AssumedWindMs = 1;

    public static void MapNowcast(this IEndpointRouteBuilder app, string rateLimitPolicy) =>
        app.MapPost("/api/v1/forecast/solar", Nowcast)
            .WithTags("Forecasts")
            .WithName("SolarNowcast")
            .WithSummary("One-hour solar output from given conditions (PVWatts on GHI), with an 80 % interval.")
            .WithDescription("PVWatts on GHI for a plant of unknown orientation; the interval covers the usual range of tilts and azimuths.")
            .WithRequestExample("""{"ghi": 650, "temperature": 24, "hour": 13, "system_capacity_kw": 500}""")
            .WithResponseExample(StatusCodes.Status200OK, """
                {"prediction": 248.7, "model": "pvwatts-ghi", "confidence": 0.8, "p10": 212.3, "p90": 296.8, "unit": "kW",
                 "timestamp": "2026-11-23T13:00:00Z", "generated_at": "2026-11-23T12:41:07Z"}
                """)
            .RequireRateLimiting(rateLimitPolicy);

    internal static async Task<Results<Ok<NowcastResponse>, ValidationProblem>> Nowcast(
        NowcastRequest request, IValidator<NowcastRequest> validator, TimeProvider clock, CancellationToken ct)
    {
        if (await validator.ValidateRequestAsync(request, ct) is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The conditions are not valid.");

        var (ghi, temperature, capacity) = (request.Ghi!.Value, request.Temperature!.Value, request.SystemCapacityKw!.Value);
        double Output(double ratio) => Math.Round(PvWatts.AcPowerKw(ghi * ratio, temperature, AssumedWindMs, capacity), 3);
        var now = clock.GetUtcNow();
        var timestamp = new DateTimeOffset(now.Year, now.Month, now.Day, request.Hour!.Value, 0, 0, TimeSpan.Zero);
        return TypedResults.Ok(new NowcastResponse(Output(1), Model, NominalCoverage, Output(LowPoaRatio), Output(HighPoaRatio), "kW", timestamp, now));
    }
}
