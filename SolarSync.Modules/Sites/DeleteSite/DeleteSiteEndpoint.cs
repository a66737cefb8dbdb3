using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Data;

namespace SolarSync.Modules.Sites.DeleteSite;

internal static class DeleteSiteEndpoint
{
    public static void MapDeleteSite(this RouteGroupBuilder group) =>
        group.MapDelete("/{id:long}", DeleteSiteAsync)
            .WithName("DeleteSite")
            .WithSummary("Removes a plant (admin): it is no longer listed, collected, trained on or forecast.")
            .WithDescription("Its stored observations, forecasts and readings are kept, and its name can be reused. Devices registered " +
                "at it stop being known: their messages are quarantined as from an unknown device until they are registered elsewhere.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AuthorizationPolicies.Admin);

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteSiteAsync(long id, SiteRepository sites, CancellationToken ct) =>
        await sites.DeleteAsync(id, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.", detail: $"No site has id {id}.");
}
