using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.CollectHistory;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Sources.NasaPower;

/// <summary>History of real sites from NASA POWER, which publishes hourly data with a delay of several days.</summary>
internal sealed class NasaPowerHistorySource(NasaPowerClient client, IOptions<CollectionOptions> options) : IHistorySource
{
    public string Name => ObservationSources.NasaPower;

    public DateTimeOffset AvailableUntil(DateTimeOffset currentHour) =>
        new DateTimeOffset(currentHour.UtcDateTime.Date, TimeSpan.Zero).AddDays(-options.Value.NasaPowerLatencyDays);

    public async IAsyncEnumerable<Parsed> ReadAsync(Site site, DateTimeOffset from, DateTimeOffset until, [EnumeratorCancellation] CancellationToken ct)
    {
        var rows = await client.GetHourlyAsync(site.Id, site.Latitude, site.Longitude,
            DateOnly.FromDateTime(from.UtcDateTime), DateOnly.FromDateTime(until.AddHours(-1).UtcDateTime), ct);
        foreach (var row in rows)
            if (row.Ts >= from && row.Ts < until) yield return Parsed.Accept(row);
    }
}
