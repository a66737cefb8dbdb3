namespace SolarSync.Modules.Features.Contracts;

/// <summary>Turns an hourly series into encoder/decoder tensors for a direct multi-horizon forecaster.</summary>
public interface IFeatureBuilder
{
    /// <summary>
    /// One sample per issue time t (the UTC start of the first forecast hour). The encoder covers hours
    /// t − <paramref name="lookback"/> … t − 1 of <paramref name="history"/>; decoder row k − 1 is hour t + k − 1,
    /// k = 1 … <paramref name="horizon"/>; the target is the history's power of that hour ÷ capacity. Hours outside
    /// the series count as missing. Decoder rows never read an observed value at or after t: their weather columns
    /// come from <paramref name="futureWeather"/> when <paramref name="useFutureWeather"/> (its power is never read),
    /// or, when it is null, from the history's weather of those hours (perfect-forecast evaluation); without
    /// <paramref name="useFutureWeather"/> they are 0 and <c>has_weather</c> is 0. Columns follow
    /// <see cref="FeatureCatalog.For"/>; values are unscaled, NaN where missing (see <see cref="FeatureScaler"/>).
    /// </summary>
    FeatureSamples Build(FeatureSite site, HourlySeries history, HourlySeries? futureWeather,
        IReadOnlyList<DateTimeOffset> issueTimes, int lookback, int horizon, bool useFutureWeather);

    /// <summary>
    /// Refits the plant's physics to its measured hours of <paramref name="history"/> before <paramref name="until"/>
    /// (never later: pass the end of the training period), with the history's weather: the wind power curve by
    /// density-normalised speed and direction sector, or PVWatts's gain, temperature response and clipping level.
    /// Outage and curtailment hours are left out. The site's own <see cref="FeatureSite.Calibration"/> is ignored.
    /// </summary>
    PlantCalibration Calibrate(FeatureSite site, HourlySeries history, DateTimeOffset until);
}
