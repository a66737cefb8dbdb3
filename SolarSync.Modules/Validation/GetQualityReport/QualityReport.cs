namespace SolarSync.Modules.Validation.GetQualityReport;

/// <summary>Data quality of one or all sites over a range of UTC days.</summary>
public sealed record QualityReport(
    long? SiteId,
    DateOnly From,
    DateOnly To,
    QualitySummary Summary,
    IReadOnlyDictionary<string, int> CountsByRule,
    IReadOnlyList<DayQuality> WorstDays,
    IReadOnlyList<DayQuality> Days);

/// <summary>Scores weighted by the rows of each day; each factor in 0..1, score = completeness × validity × consistency.</summary>
public sealed record QualitySummary(
    int Days, int RowsAccepted, int RowsFlagged, int RowsRejected, int RowsImputed,
    double? Completeness, double? Validity, double? Consistency, double? Score);

public sealed record DayQuality(
    long SiteId, DateOnly Day, string Source, int RowsAccepted, int RowsFlagged, int RowsRejected, int RowsImputed,
    double Completeness, double Validity, double Consistency, double Score, IReadOnlyDictionary<string, int> CountsByRule);
