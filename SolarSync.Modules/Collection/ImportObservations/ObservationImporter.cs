using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Collection.IngestObservations;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.ImportObservations;

/// <summary>The result of one file import, with what the caller should know about the file.</summary>
public sealed record ImportResult(string Format, long SiteId, IngestResult Run, IReadOnlyList<string> Warnings);

/// <summary>Streams a CSV file through the parsers into the ingestion pipeline (shared by the endpoint and the command).</summary>
internal sealed class ObservationImporter(ObservationIngestor ingestor)
{
    // PSM3 cells are 4 km; a file for a point further away than this is probably for another plant.
    private const double MaxPsm3DistanceKm = 25;

    public async Task<ImportResult> ImportAsync(Site site, ImportFormat format, Stream stream, CancellationToken ct)
    {
        var warnings = new List<string>();
        IAsyncEnumerable<Parsed> rows;
        Psm3Reader? psm3 = null;
        try
        {
            if (format == ImportFormat.Psm3)
            {
                psm3 = new Psm3Reader(stream);
                var metadata = await psm3.ReadMetadataAsync(ct);
                var distanceKm = GreatCircleKm(site.Latitude, site.Longitude, metadata.Latitude, metadata.Longitude);
                if (distanceKm > MaxPsm3DistanceKm)
                    warnings.Add($"The file is for {metadata.Latitude:F3}, {metadata.Longitude:F3}, {distanceKm:F0} km from site {site.Id}.");
                rows = psm3.ReadAsync(site.Id, ct);
            }
            else
            {
                rows = CsvImportReader.ReadAsync(format, stream, site.Id, ct);
            }
            var run = await ingestor.IngestAsync(site, "import", SourceOf(format), rows, null, null, ct);
            return new ImportResult(format.ToName(), site.Id, run, warnings);
        }
        finally
        {
            if (psm3 is not null) await psm3.DisposeAsync();
        }
    }

    public static string SourceOf(ImportFormat format) => format switch
    {
        ImportFormat.Psm3 => ObservationSources.Psm3,
        ImportFormat.Meter => ObservationSources.Meter,
        ImportFormat.Weather => ObservationSources.WeatherCsv,
        _ => ObservationSources.EvalCsv,
    };

    private static double GreatCircleKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double earthRadiusKm = 6371.0;
        double Rad(double deg) => deg * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * earthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
