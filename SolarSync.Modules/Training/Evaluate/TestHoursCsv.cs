using System.Globalization;
using CsvHelper;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>
/// A track's test hours as CSV, one row per (issue, lead) hour in issue order, kW: the actual, the served p10/p50/p90,
/// whether the hour counts towards coverage (solar: daylight) and was unavailable, then every family's and baseline's
/// forecast of it; an unknown value is empty. For looking into the days that the summary figures hide.
/// </summary>
internal static class TestHoursCsv
{
    public static async Task WriteAsync(string path, TrackPredictions p, CancellationToken ct)
    {
        var baselines = new (string Name, double[] Kw)[]
        {
            ("persistence_24h", p.Persistence24hKw), ("smart_persistence", p.SmartPersistenceKw), ("physical", p.PhysicalKw),
            ("calibrated_physical", p.CalibratedKw), ("regression", p.Regression),
        };
        var columns = p.FamilyP50Kw.Select(f => (Name: f.Key.Replace('-', '_'), Kw: f.Value)).Concat(baselines)
            .Where(c => c.Kw.Length == p.Hours.Length).ToList();

        await using var csv = CsvWriter.ToFile(path, CsvWriterOptions.Default, FileOptions.None);
        foreach (var header in new[] { "hour_utc", "actual_kw", "p10_kw", "p50_kw", "p90_kw", "counted", "unavailable" }.Concat(columns.Select(c => c.Name + "_kw")))
            csv.WriteField(header);
        csv.EndRecord();
        for (var i = 0; i < p.Hours.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            csv.WriteField(p.Hours[i].UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            foreach (var value in new[] { p.ActualKw[i], p.P10Kw[i], p.P50Kw[i], p.P90Kw[i] }) csv.WriteField(Format(value));
            csv.WriteField(p.CoverageHours?[i] ?? true ? "true" : "false");
            csv.WriteField(p.Unavailable.Length > i && p.Unavailable[i] ? "true" : "false");
            foreach (var column in columns) csv.WriteField(Format(column.Kw[i]));
            csv.EndRecord();
        }

        await csv.FlushAsync(ct);
    }

    private static string Format(double kw) => double.IsFinite(kw) ? Math.Round(kw, 4).ToString(CultureInfo.InvariantCulture) : "";
}
