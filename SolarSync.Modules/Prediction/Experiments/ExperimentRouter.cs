using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>Which version answers a forecast request, and which one is computed beside it in shadow (never returned).</summary>
internal sealed record ExperimentRoute(string AnsweringVersion, bool ByChallenger, string? ShadowVersion);

/// <summary>
/// Routes forecast requests of a type with a running experiment whose champion is still the Production version: in
/// shadow mode the challenger is computed beside the champion; in split mode the request goes to one of them by the
/// strategy, keyed by the API key's client name (the connection's address when anonymous). The running experiments
/// are re-read at most every <see cref="Recheck"/>.
/// </summary>
internal sealed class ExperimentRouter(ExperimentStore store, IMemoryCache memory, IHttpContextAccessor http, TimeProvider clock)
{
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(10);

    public async Task<ExperimentRoute?> RouteAsync(PlantType type, string? productionVersion, CancellationToken ct)
    {
        if (productionVersion is null) return null;
        var running = await memory.GetOrCreateAsync("experiments:running", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Recheck;
            return await store.RunningAsync(ct);
        });
        var experiment = running?.FirstOrDefault(e => e.Type == type.ToDbName() && e.ChampionVersion == productionVersion);
        if (experiment is null) return null;
        if (experiment.Mode == Experiment.Shadow) return new ExperimentRoute(productionVersion, false, experiment.ChallengerVersion);
        var percent = experiment.ChallengerPercent(clock.GetUtcNow());
        var toChallenger = experiment.Split!.Strategy == SplitSettings.Percentage
            ? ExperimentAssignment.ByDraw(percent)
            : ExperimentAssignment.ByClient(experiment.Id, Client(), percent);
        return toChallenger ? new ExperimentRoute(experiment.ChallengerVersion, true, null) : null;
    }

    /// <summary>Forgets the running experiments read, after one started or ended in this process.</summary>
    public void Invalidate() => memory.Remove("experiments:running");

    private string Client()
    {
        var context = http.HttpContext;
        return context?.User.Identity?.Name ?? context?.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
    }
}
