using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Contracts;

/// <summary>How another module stores hourly rows it produced (e.g. the hourly means of device telemetry).</summary>
public interface IObservationIngest
{
    /// <summary>
    /// Validates and stores rows of one site and source the way every import is stored: accepted rows upserted (so
    /// writing the same hours again changes nothing), rejected rows quarantined with their reasons, the site-day quality
    /// recorded and the run kept in the collection runs. Rows must be sorted by time.
    /// </summary>
    Task<IngestSummary> IngestAsync(Site site, string source, IReadOnlyList<Observation> rows, CancellationToken ct);
}

/// <param name="Written">Rows new or changed in the store.</param>
public sealed record IngestSummary(int Accepted, int Rejected, int Written);
