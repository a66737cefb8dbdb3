using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Retrain;

using SolarSync.Modules.Models.Contracts.Families;
namespace SolarSync.Modules.Training.Admin;

/// <summary>A retrain request: the plant type, and optionally one site whose history alone is trained on.</summary>
public sealed record RetrainRequest(string? Type, long? SiteId, string[]? Families = null);

public sealed record RetrainAccepted(string JobId, string Type, long? SiteId, string StatusUrl);

/// <summary>Last finished epoch of a running or finished retrain.</summary>
public sealed record RetrainProgress(int Epoch, int MaxEpochs, double TrainLoss, double ValidationLoss, double ElapsedSeconds);

public sealed record RetrainStatus(
    string JobId, string State, string? Type, long? SiteId, long? RunId, string? RunStatus, RetrainProgress? Progress,
    string? Version, string? Outcome, string? Error, JsonElement? Metrics, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

internal static class RetrainEndpoints
{
    public static void MapRetrain(this RouteGroupBuilder admin)
    {
        admin.MapPost("/retrain", RequestRetrainAsync)
            .WithName("RequestRetrain")
            .WithSummary("Queues a retrain of one plant type on the training queue; 202 with the Hangfire job id.")
            .WithDescription("Body: {\"type\": \"solar\"|\"wind\", \"site_id\": optional, \"families\": optional subset of [\"gbm\", \"network-residual\", \"network\"] " +
                "(default Training:Families, else all)}. Retrains run one at a time; follow GET /admin/retrain/{jobId}.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/retrain/{jobId}", GetRetrainAsync)
            .WithName("GetRetrain")
            .WithSummary("State of a retrain job: Hangfire state, epoch progress, and the resulting version and test metrics.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<Results<Accepted<RetrainAccepted>, ValidationProblem, ProblemHttpResult>> RequestRetrainAsync(
        RetrainRequest request, ISiteDirectory sites, IBackgroundJobClient jobs, CancellationToken ct)
    {
        if (!PlantTypes.TryParse(request.Type, out var type))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["type"] = [$"'type' must be {PlantTypes.Expected}."] });
        }

        if (request.SiteId is { } id)
        {
            var site = await sites.FindAsync(id, ct);
            if (site is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Site not found.", detail: $"No site has id {id}.");
            if (site.Type != type)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["site_id"] = [$"Site {id} is a {site.Type.ToDbName()} plant; it cannot train the {type.ToDbName()} model."],
                });
            }
        }

        if (request.Families is { } families && (families.Length == 0 || families.Any(f => !ModelFamilies.All.Contains(f))))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["families"] = [$"'families' lists one or more of {string.Join(", ", ModelFamilies.All)}."],
            });
        }

        var chosen = request.Families?.Distinct().ToArray();
        var jobId = jobs.Enqueue<RetrainJob>(JobQueues.Training, j => j.RunAsync(type, request.SiteId, chosen, null, CancellationToken.None));
        var url = $"/admin/retrain/{jobId}";
        return TypedResults.Accepted(url, new RetrainAccepted(jobId, type.ToDbName(), request.SiteId, url));
    }

    internal static async Task<Results<Ok<RetrainStatus>, ProblemHttpResult>> GetRetrainAsync(
        string jobId, JobStorage storage, TrainingRunRepository runs, CancellationToken ct)
    {
        var state = JobState(storage, jobId);
        var run = long.TryParse(jobId, out _) || state is not null ? await runs.LatestForJobAsync(jobId, ct) : null;
        if (state is null && run is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found.", detail: $"No retrain job has id {jobId}.");
        }

        RetrainProgress? progress = null;
        if (run is not null)
        {
            using var epochs = JsonDocument.Parse(run.EpochsJson);
            if (epochs.RootElement.GetArrayLength() > 0)
            {
                var last = epochs.RootElement[epochs.RootElement.GetArrayLength() - 1];
                var maxEpochs = run.ConfigJson is { } config && JsonDocument.Parse(config).RootElement.TryGetProperty("max_epochs", out var m) ? m.GetInt32() : 0;
                progress = new RetrainProgress(last.GetProperty("epoch").GetInt32(), maxEpochs, last.GetProperty("train_loss").GetDouble(),
                    last.GetProperty("validation_loss").GetDouble(), last.GetProperty("elapsed_seconds").GetDouble());
            }
        }

        return TypedResults.Ok(new RetrainStatus(jobId, state ?? "Unknown", run?.ModelType, run?.SiteId, run?.Id, run?.Status, progress, run?.Version,
            run?.Outcome, run?.Error, run?.MetricsJson is { } metrics ? JsonDocument.Parse(metrics).RootElement.Clone() : null,
            run is null ? null : Utc(run.StartedAt), run?.FinishedAt is { } finished ? Utc(finished) : null));
    }

    private static string? JobState(JobStorage storage, string jobId)
    {
        try
        {
            var details = storage.GetMonitoringApi().JobDetails(jobId);
            return details?.History.FirstOrDefault()?.StateName;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return null; // not an id this storage could have issued
        }
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
