namespace SolarSync.Modules.Validation.Contracts;

/// <summary>
/// Data quality of a batch or of one site-day (docs/architecture.md §4). Each part is a ratio in 0..1; a ratio whose
/// denominator is zero (nothing was expected, received or accepted) is 1, since nothing was found wrong.
/// "Received rows" are the input rows; "measured rows" are accepted rows that are not imputed.
/// </summary>
/// <param name="Completeness">
/// Present expected values / (expected hours × expected fields), summed over each site and source. Expected
/// hours run from the first to the last hour of the received rows (rows rejected as "future" excluded) and of
/// the imputed rows; expected fields are those that at least one of those rows carries (a source is not blamed
/// for fields it never sends). A value is present when a measured row holds it: rejected rows and imputed
/// values count as missing, so completeness measures what the source actually delivered.
/// </param>
/// <param name="Validity">Measured (accepted, not imputed) rows / received rows.</param>
/// <param name="Consistency">Measured rows without any soft-rule flag / measured rows.</param>
public sealed record QualityScore(double Completeness, double Validity, double Consistency)
{
    /// <summary>Completeness × Validity × Consistency.</summary>
    public double Overall => Completeness * Validity * Consistency;
}
