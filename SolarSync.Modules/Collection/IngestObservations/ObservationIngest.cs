using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.IngestObservations;

internal sealed class ObservationIngest(ObservationIngestor ingestor) : IObservationIngest
{
    public async Task<IngestSummary> IngestAsync(Site site, string source, IReadOnlyList<Observation> rows, CancellationToken ct)
    {
        var from = rows.Count > 0 ? rows[0].Ts : (DateTimeOffset?)null;
        var to = rows.Count > 0 ? rows[^1].Ts : (DateTimeOffset?)null;
        var result = await ingestor.IngestAsync(site, kind: source, source, rows.Select(Parsed.Accept).ToAsyncEnumerable(), from, to, ct);
        return new IngestSummary(result.Accepted + result.Imputed, result.Rejected, result.Written);
    }
}
