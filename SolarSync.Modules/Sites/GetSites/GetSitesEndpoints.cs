using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Sites.GetSites;

internal static class GetSitesEndpoints
{
    public static void MapGetSites(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListSitesAsync)
            .WithName("ListSites")
            .WithSummary("Lists the registered plants, optionally of one type (solar|wind|load).")
            .RequireCors(AuthorizationPolicies.PublicReadCors);
        group.MapGet("/{id:long}", GetSiteAsync)
            .WithName("GetSite")
            .WithSummary("One registered plant.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireCors(AuthorizationPolicies.PublicReadCors);
    }

    internal static async Task<Results<Ok<IReadOnlyList<Site>>, ValidationProblem>> ListSitesAsync(
        string? type, ISiteDirectory sites, CancellationToken ct)
    {
        PlantType? filter = null;
        if (type is not null)
        {
            if (!PlantTypes.TryParse(type, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["type"] = [$"'type' must be {PlantTypes.Expected}."] });
            filter = parsed;
        }
        return TypedResults.Ok(await sites.ListAsync(filter, ct));
    }

    internal static async Task<Results<Ok<Site>, ProblemHttpResult>> GetSiteAsync(long id, ISiteDirectory sites, CancellationToken ct) =>
        await sites.FindAsync(id, ct) is { } site
            ? TypedResults.Ok(site)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.", detail: $"No site has id {id}.");
}
