using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Models.Serving;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Models.Admin;

public sealed record ModelVersionView(
    string Type, string Version, string Family, string Status, long? RunId, double TestNmae, JsonElement Metrics,
    DateTimeOffset CreatedAt, DateTimeOffset? PromotedAt, DateTimeOffset? RolledBackAt);

public sealed record ModelHistory(string? Type, IReadOnlyList<ModelVersionView> Versions);

public sealed record RollbackResult(string Type, ModelVersionView From, ModelVersionView To);

internal static class ModelEndpoints
{
    public static void MapModelRegistry(this RouteGroupBuilder admin)
    {
        admin.MapGet("/model/history", HistoryAsync)
            .WithName("ModelHistory")
            .WithSummary("Every registered model version (newest first), optionally of one type, with status and test metrics.");
        admin.MapPost("/model/{type}/promote/{version}", PromoteAsync)
            .WithName("PromoteModel")
            .WithSummary("Makes a version Production (the previous one is archived); the served model changes at once.")
            .WithDescription("Refused (409) when the version did not pass the promotion gate at training time, unless ?force=true.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/model/{type}/rollback", RollbackAsync)
            .WithName("RollbackModel")
            .WithSummary("Returns to the previous Production version at once; 409 when there is none.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static async Task<Results<Ok<ModelHistory>, ValidationProblem>> HistoryAsync(string? type, ModelRegistry registry, CancellationToken ct)
    {
        string? filter = null;
        if (type is not null)
        {
            if (!PlantTypes.TryParse(type, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["type"] = [$"'type' must be {PlantTypes.Expected}."] });
            filter = parsed.ToDbName();
        }

        var versions = await registry.HistoryAsync(filter, ct);
        return TypedResults.Ok(new ModelHistory(filter, versions.Select(View).ToList()));
    }

    internal static async Task<Results<Ok<ModelVersionView>, ValidationProblem, ProblemHttpResult>> PromoteAsync(
        string type, string version, bool? force, ModelRegistry registry, ModelStore store, ProductionModels production, CancellationToken ct)
    {
        if (!PlantTypes.TryParse(type, out var parsed))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["type"] = [$"'type' must be {PlantTypes.Expected}."] });
        var typeName = parsed.ToDbName();
        var candidate = await registry.FindAsync(typeName, version, ct);
        if (candidate is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model version not found.", detail: $"No {typeName} model has version '{version}'.");
        if (force != true && !PassedGate(candidate))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The version did not pass the promotion gate.",
                detail: $"{GateReason(candidate)}. Add ?force=true to promote it anyway.");
        }

        if (!store.Exists(typeName, version))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Model files missing.", detail: $"The files of {typeName}/{version} are not in the model store.");

        var promoted = await registry.PromoteAsync(typeName, version, ct);
        production.Invalidate(typeName);
        return TypedResults.Ok(View(promoted!));
    }

    internal static async Task<Results<Ok<RollbackResult>, ValidationProblem, ProblemHttpResult>> RollbackAsync(
        string type, ModelRegistry registry, ProductionModels production, CancellationToken ct)
    {
        if (!PlantTypes.TryParse(type, out var parsed))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["type"] = [$"'type' must be {PlantTypes.Expected}."] });
        var typeName = parsed.ToDbName();
        var result = await registry.RollbackAsync(typeName, ct);
        if (result is not { } change)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to roll back to.",
                detail: $"The {typeName} model has no Production version or no earlier Production version to return to.");
        }

        production.Invalidate(typeName);
        return TypedResults.Ok(new RollbackResult(typeName, View(change.From), View(change.To)));
    }

    private static bool PassedGate(ModelVersion v) =>
        JsonDocument.Parse(v.MetricsJson).RootElement.TryGetProperty("gate", out var gate) && gate.TryGetProperty("passes", out var passes) && passes.GetBoolean();

    private static string GateReason(ModelVersion v) =>
        JsonDocument.Parse(v.MetricsJson).RootElement.TryGetProperty("gate", out var gate) && gate.TryGetProperty("reason", out var reason)
            ? reason.GetString() ?? "no reason recorded"
            : "no gate verdict recorded";

    private static ModelVersionView View(ModelVersion v) => new(v.ModelType, v.Version, v.Family, v.Status, v.RunId, v.TestNmae,
        JsonDocument.Parse(v.MetricsJson).RootElement.Clone(), v.CreatedAt, v.PromotedAt, v.RolledBackAt);
}
