using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Shared.Http;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Experiments;

internal static class ExperimentEndpoints
{
    public static void MapExperiments(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/experiments").WithTags("Experiments").RequireAuthorization(AuthorizationPolicies.Admin);
        admin.MapPost("/", StartAsync)
            .WithName("StartExperiment")
            .WithSummary("Starts a champion/challenger experiment: the type's Production version against a registered challenger version.")
            .WithDescription("409 when an experiment is already running for the type or the type has no Production model.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/", ListAsync).WithName("ListExperiments").WithSummary("Every experiment, newest first.");
        admin.MapGet("/{id:long}", GetAsync).WithName("GetExperiment").WithSummary("One experiment.").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/{id:long}/analysis", AnalysisAsync)
            .WithName("GetExperimentAnalysis")
            .WithSummary("Paired errors of champion and challenger by horizon bucket, the Diebold–Mariano test and the verdict, computed now.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{id:long}/stop", StopAsync)
            .WithName("StopExperiment")
            .WithSummary("Ends a running experiment; the champion keeps serving.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/{id:long}/promote", PromoteAsync)
            .WithName("PromoteExperiment")
            .WithSummary("Makes the challenger Production at once and ends the experiment.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static async Task<Results<Created<ExperimentView>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartExperimentRequest request, IValidator<StartExperimentRequest> validator, IModelVersions versions,
        ExperimentStore store, ExperimentRouter router, TimeProvider clock, CancellationToken ct)
    {
        if (await validator.ValidateRequestAsync(request, ct) is { } errors) return TypedResults.ValidationProblem(errors);
        PlantTypes.TryParse(request.Type!, out var type);
        var typeName = type.ToDbName();
        var champion = await versions.ProductionVersionAsync(type, ct);
        if (champion is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No champion.", detail: $"The {typeName} model has no Production version.");
        if (request.ChallengerVersion == champion || await versions.ServableStageAsync(type, request.ChallengerVersion!, ct) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["challenger_version"] = [$"'challenger_version' must be a registered {typeName} version with its files, other than the Production version '{champion}'."],
            });
        }

        var split = request.Split is { } s
            ? new SplitSettings(s.Strategy!, s.Percent ?? s.Ramp?.StartPercent ?? 0,
                s.Ramp is { } r ? new RampSchedule(r.StartPercent!.Value, r.StepPercent!.Value, r.EveryHours!.Value, r.MaxPercent!.Value) : null)
            : null;
        var defaults = ExperimentStarter.DefaultSuccess;
        var success = new SuccessCriteria(request.Success?.Metric ?? defaults.Metric, request.Success?.MinImprovementPct ?? defaults.MinImprovementPct,
            request.Success?.Alpha ?? defaults.Alpha);
        var started = await store.StartAsync(typeName, champion, request.ChallengerVersion!, request.Mode!, split, request.MinDays ?? ExperimentStarter.DefaultMinDays, success, ct);
        if (started is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "An experiment is already running.", detail: $"Stop the running {typeName} experiment first.");
        router.Invalidate();
        return TypedResults.Created($"/admin/experiments/{started.Id}", ExperimentView.Of(started, clock.GetUtcNow()));
    }

    internal static async Task<Ok<ExperimentList>> ListAsync(ExperimentStore store, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(new ExperimentList((await store.ListAsync(ct)).Select(e => ExperimentView.Of(e, clock.GetUtcNow())).ToList()));

    internal static async Task<Results<Ok<ExperimentView>, ProblemHttpResult>> GetAsync(long id, ExperimentStore store, TimeProvider clock, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } e ? TypedResults.Ok(ExperimentView.Of(e, clock.GetUtcNow())) : NotFound(id);

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> AnalysisAsync(long id, ExperimentStore store, ExperimentJudge judge, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } experiment) return NotFound(id);
        var findings = await judge.AnalyseAsync(experiment, ct);
        return TypedResults.Content(ExperimentJudge.Serialize(findings), "application/json");
    }

    internal static async Task<Results<Ok<ExperimentView>, ProblemHttpResult>> StopAsync(long id, ExperimentStore store, ExperimentRouter router, TimeProvider clock, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is null) return NotFound(id);
        if (!await store.EndAsync(id, Experiment.Stopped, ct)) return NotRunning(id);
        router.Invalidate();
        return TypedResults.Ok(ExperimentView.Of((await store.FindAsync(id, ct))!, clock.GetUtcNow()));
    }

    internal static async Task<Results<Ok<ExperimentView>, ProblemHttpResult>> PromoteAsync(
        long id, ExperimentStore store, IModelVersions versions, ExperimentRouter router, TimeProvider clock, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } experiment) return NotFound(id);
        if (experiment.Status != Experiment.Running) return NotRunning(id);
        PlantTypes.TryParse(experiment.Type, out var type);
        if (!await versions.PromoteAsync(type, experiment.ChallengerVersion, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Challenger gone.", detail: $"Version '{experiment.ChallengerVersion}' is no longer registered.");
        await store.EndAsync(id, Experiment.Promoted, ct);
        router.Invalidate();
        return TypedResults.Ok(ExperimentView.Of((await store.FindAsync(id, ct))!, clock.GetUtcNow()));
    }

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Experiment not found.", detail: $"No experiment has id {id}.");

    private static ProblemHttpResult NotRunning(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The experiment is not running.", detail: $"Experiment {id} has already ended.");
}
