namespace SolarSync.Modules.Validation.Contracts;

/// <summary>
/// Stable rule ids: the keys of <see cref="ValidationOutcome.CountsByRule"/> and the prefix of every quarantine
/// reason. Stored and charted, so never rename one.
/// </summary>
public static class ValidationRuleIds
{
    // Hard rules: the row is rejected.
    public const string RangeGhi = "range:ghi";
    public const string RangeDni = "range:dni";
    public const string RangeDhi = "range:dhi";
    public const string RangeTemperature = "range:temp";
    public const string RangeHumidity = "range:humidity";
    public const string RangePressure = "range:pressure";
    public const string RangeWindSpeed10m = "range:wind-10m";
    public const string RangeWindSpeed100m = "range:wind-100m";
    public const string RangeWindDirection = "range:wind-dir";
    public const string RangeCloudCover = "range:cloud";
    public const string RangePower = "range:power";
    public const string Source = "source";
    public const string WholeHour = "whole-hour";
    public const string Future = "future";
    public const string OutOfOrder = "out-of-order";
    public const string Duplicate = "duplicate";

    // Soft rules: the row is kept with a flag.
    public const string NightIrradiance = "flag:night-irradiance";
    public const string AboveClearSky = "flag:above-clear-sky";
    public const string Closure = "flag:closure";
    public const string DewPoint = "flag:dew-point";
    public const string Flatliner = "flag:flatliner";
    public const string ZScore = "flag:z-score";

    // Gap filling.
    public const string Imputed = "imputed";
}
