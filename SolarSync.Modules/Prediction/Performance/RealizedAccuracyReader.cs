using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Performance;

/// <summary>Pairs a site's archived forecasts with its stored hours (the endpoint's range of days, the job's one day).</summary>
internal sealed class RealizedAccuracyReader(ForecastArchive archive, IObservationHistory history)
{
    /// <summary>Realized accuracy of every archived forecast hour in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    public async Task<RealizedAccuracy> ComputeAsync(Site site, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var accuracy = new RealizedAccuracy();
        var actuals = new ActualPower(await history.ReadAsync(site, from, until, ct));
        // Without a single observed hour nothing can pair; the archive need not be read.
        if (actuals.Count == 0) return accuracy;
        await foreach (var forecast in archive.ReadAsync(site.Id, from, until, ct))
        {
            accuracy.Add(forecast, actuals, from, until);
        }

        return accuracy;
    }
}
