using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Performance;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>
/// The paired site-hours of an experiment from the forecast archive: for every site of its type, each hour since it
/// started that both versions forecast from the same issue hour (so at the same horizon) and that was observed.
/// </summary>
internal sealed class ExperimentPairs(ISiteDirectory sites, ForecastArchive archive, IObservationHistory history)
{
    public async Task<IReadOnlyList<PairedHour>> ReadAsync(Experiment experiment, DateTimeOffset until, CancellationToken ct)
    {
        var pairs = new List<PairedHour>();
        if (!PlantTypes.TryParse(experiment.Type, out var type)) return pairs;
        var from = experiment.StartedAt;
        foreach (var site in await sites.ListAsync(type, ct))
        {
            var actuals = new ActualPower(await history.ReadAsync(site, from, until, ct));
            if (actuals.Count == 0) continue;
            var byIssue = new Dictionary<DateTimeOffset, (ArchivedForecast? Champion, ArchivedForecast? Challenger)>();
            await foreach (var f in archive.ReadAsync(site.Id, from, until, ct))
            {
                var slot = byIssue.GetValueOrDefault(f.IssuedAt);
                if (f.ModelVersion == experiment.ChampionVersion) byIssue[f.IssuedAt] = slot with { Champion = f };
                else if (f.ModelVersion == experiment.ChallengerVersion) byIssue[f.IssuedAt] = slot with { Challenger = f };
            }

            foreach (var (champion, challenger) in byIssue.Values)
            {
                if (champion is null || challenger is null) continue;
                for (var i = 0; i < Math.Min(champion.HorizonHours, challenger.HorizonHours); i++)
                {
                    var hour = champion.TargetHour(i);
                    var actual = actuals.At(hour);
                    if (hour < from || hour >= until || double.IsNaN(actual)) continue;
                    pairs.Add(new PairedHour(site.Id, hour, i + 1, actual, site.CapacityKw,
                        new PointForecast(champion.P50[i], champion.P10[i], champion.P90[i]),
                        new PointForecast(challenger.P50[i], challenger.P10[i], challenger.P90[i])));
                }
            }
        }

        return pairs;
    }
}
