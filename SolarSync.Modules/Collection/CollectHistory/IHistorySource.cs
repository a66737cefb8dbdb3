using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.CollectHistory;

/// <summary>The real source of a site's hourly weather history.</summary>
internal interface IHistorySource
{
    string Name { get; }

    /// <summary>The first hour the source cannot serve yet (providers publish history with a delay).</summary>
    DateTimeOffset AvailableUntil(DateTimeOffset currentHour);

    IAsyncEnumerable<Parsed> ReadAsync(Site site, DateTimeOffset from, DateTimeOffset until, CancellationToken ct);
}
