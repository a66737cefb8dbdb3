using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Performance;

/// <summary>
/// Realized accuracy over the last days (today included): the figures of the performance endpoint and its CSV export,
/// and what other modules read through <see cref="ISitePerformance"/>.
/// </summary>
internal sealed class SitePerformance(RealizedAccuracyReader reader, TimeProvider clock) : ISitePerformance
{
    public const int DefaultDays = 30;
    public const int MaxDays = 365;

    public async Task<SitePerformanceView> ReportAsync(Site site, int days, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(-(days - 1));
        var accuracy = await reader.ComputeAsync(site, StartOf(first), StartOf(today.AddDays(1)), ct);
        var (buckets, all) = accuracy.Result(site.CapacityKw);
        return new SitePerformanceView(site.Id, first, today, days, buckets.Select(View).ToList(), View(all));
    }

    internal static HorizonAccuracyView View(HorizonAccuracy a) =>
        new(a.Horizon, a.Hours, OrNull(a.Mae), OrNull(a.Rmse), OrNull(a.NmaePct), OrNull(a.Bias), OrNull(a.Coverage80Pct));

    // JSON has no NaN.
    private static double? OrNull(double value) => double.IsFinite(value) ? value : null;

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
