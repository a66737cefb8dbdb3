using SolarSync.Modules.Shared.Forecasting;

namespace SolarSync.Tests.Shared.Forecasting;

public sealed class DailyErrorComparisonTests
{
    // Ten days of four hours each; the baseline's squared error is 1 every hour.
    private static readonly int[] Days = Enumerable.Range(0, 40).Select(i => i / 4).ToArray();
    private static readonly double[] Baseline = Enumerable.Repeat(1.0, 40).ToArray();

    [Test]
    public void A_gain_on_every_day_is_clearly_lower()
    {
        var candidate = Days.Select(d => d % 2 == 0 ? 0.8 : 0.9).ToArray();

        Assert.That(DailyErrorComparison.ClearlyLower(Days, candidate, Baseline), Is.True);
    }

    /// <summary>A gain of 4 won on one day alone, none on the nine others: one day's weather could have made it.</summary>
    [Test]
    public void A_gain_from_one_day_alone_is_within_the_noise()
    {
        var candidate = Days.Select(d => d == 3 ? 0.0 : 1.0).ToArray();

        // Daily gains 4 and nine 0: mean 0.4, standard deviation 1.265, standard error 0.4.
        Assert.Multiple(() =>
        {
            Assert.That(candidate.Sum(), Is.EqualTo(Baseline.Sum() - 4));
            Assert.That(DailyErrorComparison.GainInStandardErrors(Days, candidate, Baseline), Is.EqualTo(1).Within(1e-9));
            Assert.That(DailyErrorComparison.ClearlyLower(Days, candidate, Baseline), Is.False);
        });
    }

    [Test]
    public void A_single_day_or_a_loss_is_never_clearly_lower()
    {
        var oneDay = new int[40];
        var better = Enumerable.Repeat(0.5, 40).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(DailyErrorComparison.ClearlyLower(oneDay, better, Baseline), Is.False);
            Assert.That(DailyErrorComparison.ClearlyLower(Days, Baseline, better), Is.False);
        });
    }

    [Test]
    public void Misaligned_series_are_refused() =>
        Assert.Throws<ArgumentException>(() => DailyErrorComparison.ClearlyLower(Days, Baseline[..10], Baseline));
}
