using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;

namespace SolarSync.Modules.Training.Retrain;

internal static class SampleSets
{
    /// <summary>Solar hours with the sun down are masked (output forced to 0, left out of the loss).</summary>
    public static TrainingData ToTrainingData(FeatureSamples s, bool solar) => new(
        s.Count, s.Lookback, s.Horizon, s.EncoderWidth, s.DecoderWidth, s.Encoder, s.Decoder, s.Target,
        solar ? s.Daylight : TrainingData.AllHours(s.Count, s.Horizon));

    /// <summary>
    /// Splits the validation period's issue times: even UTC days for early stopping, odd days for calibrating the
    /// intervals. Early stopping picks the epoch that does best on its samples, so their residuals come out optimistic;
    /// whole days, because samples issued an hour apart share almost all their target hours.
    /// </summary>
    public static (List<DateTimeOffset> Stopping, List<DateTimeOffset> Calibration) SplitValidation(IReadOnlyList<DateTimeOffset> issues) =>
        (issues.Where(t => DayNumber(t) % 2 == 0).ToList(), issues.Where(t => DayNumber(t) % 2 == 1).ToList());

    private static int DayNumber(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime).DayNumber;

    /// <summary>
    /// A key per flattened [sample, lead] row naming the plant hour it forecasts: samples issued an hour apart forecast
    /// nearly the same hours, so an hour recurs at every lead time. Samples are in issue order per site; a site's run
    /// ends where the issue time steps back, so the same hour of two sites has two keys.
    /// </summary>
    public static long[] TargetHourKeys(FeatureSamples s)
    {
        var keys = new long[s.Count * s.Horizon];
        var run = 0L;
        for (var i = 0; i < s.Count; i++)
        {
            if (i > 0 && s.IssueTimes[i] <= s.IssueTimes[i - 1]) run++;
            var firstHour = s.IssueTimes[i].ToUnixTimeSeconds() / 3600;
            for (var k = 0; k < s.Horizon; k++) keys[i * s.Horizon + k] = (run << 32) | (firstHour + k);
        }

        return keys;
    }

    /// <summary>Each hour's lead time (1 … Horizon), flattened [sample, lead] like the targets.</summary>
    public static int[] HorizonHours(FeatureSamples s) => Enumerable.Range(0, s.Count * s.Horizon).Select(i => i % s.Horizon + 1).ToArray();
}
