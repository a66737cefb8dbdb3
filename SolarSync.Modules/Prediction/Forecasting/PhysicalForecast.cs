using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Prediction.Forecasting;

/// <summary>
/// The stand-in when the model cannot run (no Production model, too little history, or hours past the model's horizon):
/// the physical model (PVWatts or the power curve) fed by the stored weather forecast, or, without weather, clear sky
/// scaled by the recent clear-sky index (solar) or the recent mean output (wind). Its band is a rough ±, wider in the
/// middle of the range where errors are largest; it is not calibrated. A consumer has no physics: its stand-in is the
/// same hour a week before (<see cref="SameHourLastWeek"/>), else the mean of the same hour over the days before, else
/// its recent mean demand.
/// </summary>
internal static class PhysicalForecast
{
    /// <summary>The family a load forecast without a model reports.</summary>
    public const string SameHourLastWeek = "same-hour-last-week";

    // A load's band: ±15 % of the forecast plus 5 % of the peak, a rough width for day-ahead demand.
    private const double LoadRelativeHalfWidth = 0.15;
    private const double LoadPeakHalfWidth = 0.05;

    /// <summary>What the stand-in for <paramref name="type"/> is called in a response's model family.</summary>
    public static string Family(PlantType type) => type == PlantType.Load ? SameHourLastWeek : ForecastService.PhysicalModel;

    // Long-run means used only when the site has no recent output at all.
    private const double TypicalClearSkyIndex = 0.7;
    private const double TypicalWindCapacityFactor = 0.3;
    private const double TypicalLoadShare = 0.5;

    /// <param name="samples">One sample at the issue hour (unscaled), whose horizon covers the hours wanted.</param>
    public static (double P50, double P10, double P90)[] Hours(FeatureSamples samples, FeatureSite site, int fromHour, int hours)
    {
        if (site.Type == PlantType.Load) return LoadHours(samples, site.CapacityKw, fromHour, hours);
        var capacity = site.CapacityKw;
        var solar = site.Type == PlantType.Solar;
        // Night clear-sky indices are undefined (skipped); a calm wind hour's 0 is a real value.
        var recent = solar ? RecentMean(samples, "power_clear_sky_index", includeZero: false) ?? TypicalClearSkyIndex
            : RecentMean(samples, "power_norm", includeZero: true) ?? TypicalWindCapacityFactor;
        var result = new (double, double, double)[hours];
        for (var k = 0; k < hours; k++)
        {
            var i = fromHour + k;
            double p50;
            if (solar && !samples.Daylight[i]) p50 = 0;
            else if (float.IsFinite(samples.PhysicalKw[i])) p50 = samples.PhysicalKw[i];
            else p50 = solar ? samples.ClearSkyKw[i] * recent : capacity * recent;
            p50 = Math.Clamp(p50, 0, capacity);
            var share = p50 / capacity;
            var halfWidth = solar && !samples.Daylight[i] ? 0 : capacity * (0.05 + share * (1 - share)) * 0.6;
            result[k] = (p50, Math.Max(0, p50 - halfWidth), Math.Min(capacity, p50 + halfWidth));
        }

        return result;
    }

    private static (double P50, double P10, double P90)[] LoadHours(FeatureSamples samples, double peakKw, int fromHour, int hours)
    {
        var recent = RecentMean(samples, "power_norm", includeZero: true);
        var (lastWeek, sameHourMean) = (samples.DecoderColumn("power_same_hour_7d"), samples.DecoderColumn("power_same_hour_mean_7d"));
        var top = peakKw * SiteLimits.ConsumerMaxPowerShare;
        var result = new (double, double, double)[hours];
        for (var k = 0; k < hours; k++)
        {
            var row = (fromHour + k) * samples.DecoderWidth;
            var share = samples.Decoder[row + lastWeek] is var w && float.IsFinite(w) ? w
                : samples.Decoder[row + sameHourMean] is var m && float.IsFinite(m) ? m
                : recent ?? TypicalLoadShare;
            var p50 = Math.Clamp(share * peakKw, 0, top);
            var halfWidth = LoadRelativeHalfWidth * p50 + LoadPeakHalfWidth * peakKw;
            result[k] = (p50, Math.Max(0, p50 - halfWidth), Math.Min(top, p50 + halfWidth));
        }

        return result;
    }

    private static double? RecentMean(FeatureSamples samples, string column, bool includeZero)
    {
        var c = samples.EncoderColumn(column);
        double sum = 0;
        var n = 0;
        for (var j = 0; j < samples.Lookback; j++)
        {
            var v = samples.Encoder[j * samples.EncoderWidth + c];
            if (float.IsFinite(v) && (v > 0 || (includeZero && v == 0)))
            {
                sum += v;
                n++;
            }
        }

        return n > 0 ? sum / n : null;
    }
}
