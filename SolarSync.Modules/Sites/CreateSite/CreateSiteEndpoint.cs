using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Shared.Http;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Sites.Data;

namespace SolarSync.Modules.Sites.CreateSite;

internal static class CreateSiteEndpoint
{
    public static void MapCreateSite(this RouteGroupBuilder group) =>
        group.MapPost("/", CreateSiteAsync)
            .WithName("CreateSite")
            .WithSummary("Registers a solar or wind plant, or a metered consumer (load; capacity_kw is its peak demand, country its holiday calendar) (admin).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthorizationPolicies.Admin);

    internal static async Task<Results<Created<Site>, ValidationProblem, ProblemHttpResult>> CreateSiteAsync(
        CreateSiteRequest request, IValidator<CreateSiteRequest> validator, SiteRepository sites, CancellationToken ct)
    {
        if (await validator.ValidateRequestAsync(request, ct) is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The site is not valid.");

        var site = await sites.TryAddAsync(ToNewSite(request, isDemo: false), ct);
        if (site is null)
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A site with this name exists.",
                detail: $"The name '{request.Name}' is taken; site names are unique regardless of case.");
        return TypedResults.Created($"/api/v1/sites/{site.Id}", site);
    }

    /// <summary>Maps a request that passed <see cref="CreateSiteValidator"/>.</summary>
    internal static NewSite ToNewSite(CreateSiteRequest r, bool isDemo) => new(
        r.Name!.Trim(), PlantTypes.Parse(r.Type!), r.Latitude!.Value, r.Longitude!.Value, r.CapacityKw!.Value,
        r.TiltDeg, r.AzimuthDeg, r.HubHeightM, r.PowerCurve, r.TimeZone ?? "UTC", isDemo, r.ElevationM,
        r.Country?.Trim().ToUpperInvariant());
}
