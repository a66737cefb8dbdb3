using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Contracts;

/// <summary>Reads the SolarSync evaluation format (one plant's hourly power and weather) without a database.</summary>
public static class EvaluationCsv
{
    /// <summary>
    /// The file's hours, in order, as observations of <paramref name="siteId"/>; unreadable rows are returned as
    /// rejections. <c>wind_speed_hub</c> becomes <see cref="Observation.WindSpeed100mMs"/> (the site file gives the
    /// real hub height).
    /// </summary>
    public static IAsyncEnumerable<Parsed> ReadAsync(Stream stream, long siteId, CancellationToken ct) =>
        CsvImportReader.ReadAsync(ImportFormat.Eval, stream, siteId, ct);
}
