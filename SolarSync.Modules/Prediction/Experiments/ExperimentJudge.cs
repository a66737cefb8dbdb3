using System.Text.Json;
using Microsoft.Extensions.Logging;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Monitoring.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>
/// Analyses experiments from the archive and, for the daily evaluation job, acts on the verdicts of the running ones:
/// challenger_wins (only reachable after min_days) promotes the challenger, audited; champion_wins stops the
/// experiment; a gradual split whose challenger is significantly worse stops rising at its current share.
/// </summary>
internal sealed class ExperimentJudge(
    ExperimentStore store, ExperimentPairs pairs, IModelVersions versions, IAuditLog audit, ExperimentRouter router, PredictionMetrics metrics, TimeProvider clock,
    ILogger<ExperimentJudge> logger)
{
    public const string JobClient = "prediction:evaluate-daily";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public async Task<ExperimentFindings> AnalyseAsync(Experiment experiment, CancellationToken ct)
    {
        var until = experiment.EndedAt ?? clock.GetUtcNow();
        var paired = await pairs.ReadAsync(experiment, until, ct);
        return ExperimentAnalysis.Analyse(paired, experiment.ChampionVersion, experiment.ChallengerVersion, experiment.MinDays, experiment.Success);
    }

    public static string Serialize(ExperimentFindings findings) => JsonSerializer.Serialize(findings, Json);

    /// <summary>Analyses every running experiment, stores the analysis and acts on its verdict. Safe to re-run.</summary>
    public async Task JudgeRunningAsync(CancellationToken ct)
    {
        foreach (var experiment in await store.RunningAsync(ct))
        {
            var findings = await AnalyseAsync(experiment, ct);
            double? halt = experiment.Split?.Strategy == SplitSettings.Gradual && ExperimentAnalysis.ChallengerSignificantlyWorse(findings, experiment.Success.Alpha)
                ? experiment.ChallengerPercent(clock.GetUtcNow())
                : null;
            await store.SaveAnalysisAsync(experiment.Id, findings.Verdict, Serialize(findings), halt, ct);
            metrics.ExperimentVerdict(experiment, findings.Verdict);
            if (findings.Verdict == ExperimentVerdicts.ChallengerWins) await PromoteAsync(experiment, ct);
            else if (findings.Verdict == ExperimentVerdicts.ChampionWins && await store.EndAsync(experiment.Id, Experiment.Stopped, ct))
            {
                router.Invalidate();
                logger.LogInformation("Experiment {Id} stopped: the {Type} champion {Version} is better", experiment.Id, experiment.Type, experiment.ChampionVersion);
            }
        }
    }

    private async Task PromoteAsync(Experiment experiment, CancellationToken ct)
    {
        if (!PlantTypes.TryParse(experiment.Type, out var type) || !await versions.PromoteAsync(type, experiment.ChallengerVersion, ct)) return;
        await store.EndAsync(experiment.Id, Experiment.Promoted, ct);
        router.Invalidate();
        await audit.RecordAsync(new AdminAction(clock.GetUtcNow(), JobClient, "experiment.promote", "JOB", "/admin/experiments/{id:long}/promote",
            experiment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), 200, null), ct);
        logger.LogInformation("Experiment {Id} promoted the {Type} challenger {Version}", experiment.Id, experiment.Type, experiment.ChallengerVersion);
    }
}
