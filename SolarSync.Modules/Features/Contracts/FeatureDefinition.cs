namespace SolarSync.Modules.Features.Contracts;

/// <summary>Which tensor a feature is a column of.</summary>
public enum FeatureBlock
{
    /// <summary>Hours t − lookback … t − 1 before the issue time t: observed values.</summary>
    Encoder,

    /// <summary>Forecast hours t … t + H − 1: only what is known at issue time.</summary>
    Decoder,
}

/// <summary>What a feature's value depends on; the leakage rules are stated per source.</summary>
public enum FeatureSource
{
    /// <summary>Site and clock only (solar geometry, clear sky, calendar, lead time): known for any hour.</summary>
    Deterministic,

    /// <summary>
    /// Weather of the hour and physical models fed by it. Encoder: observed. Decoder: the weather forecast of the
    /// future hour, and 0 when the build does not use future weather.
    /// </summary>
    Weather,

    /// <summary>Observed plant output; in the decoder only from hours before the issue time.</summary>
    Power,
}

/// <summary>One column of the encoder or decoder tensor.</summary>
/// <param name="Name">snake_case name, unique within its block; the same name in both blocks means the same quantity.</param>
/// <param name="Standardised">
/// True when the scaler maps it to zero mean and unit variance; false for dimensionless values already of order one
/// (power ÷ capacity, sin/cos encodings, flags, ratios), which the scaler leaves as they are.
/// </param>
/// <param name="Description">Meaning, unit and source.</param>
public sealed record FeatureDefinition(string Name, FeatureBlock Block, FeatureSource Source, bool Standardised, string Description);
