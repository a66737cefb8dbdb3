namespace SolarSync.Modules.Models.Contracts;

/// <summary>
/// How many observed hours before the issue time a model reads (its encoder): two days, which carry the latest output,
/// its deviation from the plant's physics and yesterday's same hours. Training, evaluation and serving all cut samples
/// of this length; a served model reports its own <see cref="Families.IForecaster.Lookback"/>, which is this.
/// </summary>
public static class ForecastLookback
{
    public const int Hours = 48;
}
