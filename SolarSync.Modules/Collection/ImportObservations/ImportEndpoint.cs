using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.ImportObservations;

internal static class ImportEndpoint
{
    public static void MapImport(this IEndpointRouteBuilder app, string adminPolicy, long maxBytes) =>
        app.MapPost("/admin/import", ImportAsync)
            .WithTags("Admin")
            .WithName("ImportObservations")
            .WithSummary("Imports a CSV file (format psm3|meter|weather|eval) into a site's history; multipart form with format, site_id and file.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(adminPolicy)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = maxBytes });

    internal static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        [FromForm] string? format, [FromForm(Name = "site_id")] long? siteId, IFormFile? file,
        ISiteDirectory sites, ObservationImporter importer, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ImportFormats.TryParse(format, out var importFormat)) errors["format"] = ["'format' must be one of psm3, meter, weather, eval."];
        if (siteId is null) errors["site_id"] = ["'site_id' is required."];
        if (file is null || file.Length == 0) errors["file"] = ["'file' must be a non-empty CSV file."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The import request is not valid.");

        if (await sites.FindAsync(siteId!.Value, ct) is not { } site)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.", detail: $"No site has id {siteId}.");
        try
        {
            await using var stream = file!.OpenReadStream();
            return TypedResults.Ok(await importer.ImportAsync(site, importFormat, stream, ct));
        }
        catch (ImportFormatException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The file cannot be imported.", detail: e.Message);
        }
    }
}
