using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Features.Contracts;

/// <summary>
/// The one list of model inputs (docs/architecture.md §5), in column order. Issue time t is the start of the first forecast hour.
/// Encoder row j describes hour h = t − lookback + j and uses values observed at h, with lags and rolling windows
/// ending at h (so never later than t − 1). Decoder row k − 1 describes the future hour u = t + k − 1 (k = 1…H) and uses
/// only deterministic quantities, the weather forecast for u (when future weather is used) and power observed
/// before t. After scaling every missing (NaN) input becomes 0; <c>power_missing</c> and <c>power_lag_missing</c>
/// tell a missing power from a zero one.
/// </summary>
public static class FeatureCatalog
{
    /// <summary>Lags of the encoder's power_lag_{L}h features, hours.</summary>
    public static IReadOnlyList<int> PowerLagHours { get; } = [1, 2, 3, 24, 48, 168];

    /// <summary>Windows of the encoder's rolling power statistics, hours (ending at and including hour h).</summary>
    public static IReadOnlyList<int> RollingWindowHours { get; } = [3, 6, 24];

    /// <summary>How far before the first encoder hour any feature looks: the longest power lag.</summary>
    public const int MaxLookBehindHours = 168;

    [Flags]
    private enum Plants
    {
        Solar = 1,
        Wind = 2,
        Load = 4,
        Generation = Solar | Wind,
        All = Generation | Load,
    }

    private readonly record struct Entry(FeatureDefinition Definition, Plants Plants);

    private const string Observed = "observed at hour h";
    private const string Forecast = "weather forecast for hour u; 0 without future weather";

    // Static initialisers run in text order: everything the entry lists read must come before them.
    private static readonly (string Stat, string What)[] RollingStatistics =
        [("mean", "mean"), ("std", "population standard deviation"), ("min", "minimum"), ("max", "maximum")];

    private static readonly Entry[] Entries = [.. EncoderEntries(), .. DecoderEntries()];

    private static readonly Dictionary<PlantType, FeatureDefinition[]> ByType = new()
    {
        [PlantType.Solar] = Select(Plants.Solar),
        [PlantType.Wind] = Select(Plants.Wind),
        [PlantType.Load] = Select(Plants.Load),
    };

    /// <summary>Every feature of a plant type: the encoder's columns in order, then the decoder's.</summary>
    public static IReadOnlyList<FeatureDefinition> Definitions(PlantType type) => ByType[type];

    /// <summary>Column names of the encoder and decoder tensors of a plant type, in column order.</summary>
    public static (IReadOnlyList<string> Encoder, IReadOnlyList<string> Decoder) For(PlantType type)
    {
        var all = ByType[type];
        return (all.Where(d => d.Block == FeatureBlock.Encoder).Select(d => d.Name).ToArray(),
            all.Where(d => d.Block == FeatureBlock.Decoder).Select(d => d.Name).ToArray());
    }

    /// <summary>
    /// The column of nominal physics at the observed weather that the outage rule (Validation's PlantAvailability)
    /// compares a generating plant's output with: the power curve at the hub wind, or PVWatts at the irradiance; null
    /// for demand, which has no outages of its own.
    /// </summary>
    public static string? OutageExpectation(PlantType type) => type switch
    {
        PlantType.Wind => "power_curve_kw_norm",
        PlantType.Solar => "pvwatts_kw_norm",
        _ => null,
    };

    /// <summary>The definition of a named column of a block (the same for both plant types), or null.</summary>
    public static FeatureDefinition? Find(FeatureBlock block, string name) =>
        Entries.FirstOrDefault(e => e.Definition.Block == block && e.Definition.Name == name).Definition;

    private static FeatureDefinition[] Select(Plants plant) =>
        Entries.Where(e => (e.Plants & plant) != 0).Select(e => e.Definition).ToArray();

    private static IEnumerable<Entry> EncoderEntries()
    {
        const FeatureBlock block = FeatureBlock.Encoder;
        foreach (var entry in DeterministicEntries(block, "hour h")) yield return entry;
        foreach (var entry in WeatherEntries(block, Observed)) yield return entry;
        yield return W(block, "hub_speed_change_3h", Plants.Wind, true,
            $"hub_speed at h minus hub_speed at h − 3 h, m/s, {Observed}; NaN when either is missing");
        yield return W(block, "pressure_change_3h", Plants.Wind, true,
            $"surface pressure at h minus at h − 3 h, hPa, {Observed} (a falling barometer comes before a freshening wind); NaN when either is missing");

        yield return P(block, "power_norm", Plants.All, "observed power at h ÷ capacity (the target's scale); NaN when missing");
        yield return P(block, "power_missing", Plants.All, "1 when the power at h is missing, else 0");
        foreach (var lag in PowerLagHours)
        {
            yield return P(block, $"power_lag_{lag}h", Plants.All, $"power at h − {lag} h ÷ capacity");
        }

        yield return P(block, "power_lag_missing", Plants.All, $"share (0…1) of the {PowerLagHours.Count} power lags at h that are missing");
        foreach (var (stat, what) in RollingStatistics)
        {
            foreach (var window in RollingWindowHours)
            {
                yield return P(block, $"power_roll_{stat}_{window}h", Plants.All,
                    $"{what} of power ÷ capacity over hours h − {window - 1} … h, missing hours skipped; NaN when all are missing");
            }
        }

        yield return P(block, "power_deviation", Plants.Generation,
            "power ÷ capacity at h minus calibrated_kw_norm at h: how far the plant is from what its weather should give; NaN when either is missing");
        yield return P(block, "unavailable", Plants.Generation,
            "1 when hour h closes a run of outage or curtailment hours (Validation's PlantAvailability, judged from h and the hours before), else 0");
        yield return P(block, "power_clear_sky_index", Plants.Solar,
            "power ÷ clear-sky plant output at h, clipped to [0, 2]; 0 when the clear-sky output is below 1 % of capacity");
    }

    private static IEnumerable<Entry> DecoderEntries()
    {
        const FeatureBlock block = FeatureBlock.Decoder;
        foreach (var entry in DeterministicEntries(block, "future hour u")) yield return entry;
        yield return D(block, "lead_time_h", Plants.All, true, "hours ahead k = u − t + 1 (1…H)");
        foreach (var entry in WeatherEntries(block, Forecast)) yield return entry;
        yield return W(block, "has_weather", Plants.All, false,
            "1 when future weather is used and its forecast for u has GHI (solar), a wind speed (wind) or a temperature (load), else 0");

        yield return P(block, "power_same_hour_1d", Plants.All,
            "power ÷ capacity at the latest same hour of day before t: u − 24·ceil(k/24)");
        yield return P(block, "power_same_hour_2d", Plants.All, "power ÷ capacity one day before that: u − 24·(ceil(k/24) + 1)");
        yield return P(block, "power_same_hour_7d", Plants.All,
            "power ÷ capacity at the latest same hour of week before t: u − 168·ceil(k/168)");
        yield return P(block, "power_same_hour_mean_7d", Plants.All,
            "mean power ÷ capacity over the 7 latest same hours of day before t, missing days skipped");
        yield return P(block, "power_same_hour_csi_1d", Plants.Solar,
            "power clear-sky index (see the encoder's power_clear_sky_index) at u − 24·ceil(k/24)");
        yield return P(block, "smart_persistence_kw_norm", Plants.Solar,
            "smart persistence: power_same_hour_csi_1d × clear_sky_kw_norm of u");
        yield return P(block, "power_lag_missing", Plants.All, "share (0…1) of power_same_hour_1d/2d/7d that are missing");
    }

    private static IEnumerable<Entry> DeterministicEntries(FeatureBlock block, string hour)
    {
        var at = $"at the middle of {hour}";
        yield return D(block, "solar_zenith_cos", Plants.All, false, $"cos of the solar zenith angle {at} (NREL SPA); negative at night");
        yield return D(block, "solar_elevation_deg", Plants.All, true, $"solar elevation {at}, degrees, refraction-corrected (SPA)");
        yield return D(block, "solar_azimuth_sin", Plants.All, false, $"sin of the solar azimuth (clockwise from north) {at}");
        yield return D(block, "solar_azimuth_cos", Plants.All, false, $"cos of the solar azimuth (clockwise from north) {at}");
        yield return D(block, "extraterrestrial_ghi", Plants.All, true,
            $"extraterrestrial irradiance on a horizontal plane E0n·max(cos z, 0) {at}, W/m²");
        yield return D(block, "clear_sky_ghi", Plants.All, true, $"Ineichen–Perez clear-sky GHI (Linke turbidity 3) {at}, W/m²");
        yield return D(block, "clear_sky_dni", Plants.All, true, $"Ineichen–Perez clear-sky DNI {at}, W/m²");
        yield return D(block, "clear_sky_dhi", Plants.All, true, $"Ineichen–Perez clear-sky DHI {at}, W/m²");
        yield return D(block, "clear_sky_poa", Plants.Solar, true,
            $"clear-sky irradiance on the panel plane (Hay–Davies transposition) {at}, W/m²");
        yield return D(block, "clear_sky_kw_norm", Plants.Solar, false,
            "clear-sky plant output ÷ capacity (PVWatts on clear_sky_poa, 20 °C air, 1 m/s wind)");
        yield return D(block, "daylight", Plants.All, false, $"1 when the sun is above the horizon {at}, else 0");
        yield return D(block, "hour_sin", Plants.Generation, false, $"sin(2π·hour/24), UTC hour of day of {hour}");
        yield return D(block, "hour_cos", Plants.Generation, false, $"cos(2π·hour/24), UTC hour of day of {hour}");
        yield return D(block, "doy_sin", Plants.Generation, false, $"sin(2π·(day of year − 1)/days in year), UTC date of {hour}");
        yield return D(block, "doy_cos", Plants.Generation, false, $"cos(2π·(day of year − 1)/days in year), UTC date of {hour}");
        yield return D(block, "weekday_sin", Plants.Generation, false, $"sin(2π·weekday/7), Monday = 0, UTC date of {hour}");
        yield return D(block, "weekday_cos", Plants.Generation, false, $"cos(2π·weekday/7), Monday = 0, UTC date of {hour}");

        // Demand follows the local clock and the local calendar, not UTC. It has no day-of-year: a year or two of
        // meter data holds each season once or twice, so the day of year names a week (which trees would memorise);
        // temperature and daylight carry the season.
        var local = $"in the site's time zone, of {hour}";
        yield return D(block, "local_hour_sin", Plants.Load, false, $"sin(2π·hour/24), local hour of day {local}");
        yield return D(block, "local_hour_cos", Plants.Load, false, $"cos(2π·hour/24), local hour of day {local}");
        yield return D(block, "local_weekday_sin", Plants.Load, false, $"sin(2π·weekday/7), Monday = 0, local date {local}");
        yield return D(block, "local_weekday_cos", Plants.Load, false, $"cos(2π·weekday/7), Monday = 0, local date {local}");
        yield return D(block, "weekend", Plants.Load, false, $"1 on Saturday and Sunday, local date {local}, else 0");
        yield return D(block, "holiday", Plants.Load, false, $"1 on a public holiday of the site's country, local date {local}, else 0 (always 0 without a known country)");
        yield return D(block, "bridge_day", Plants.Load, false,
            $"1 on a working day between a holiday and the weekend (Monday before a Tuesday holiday, Friday after a Thursday one), local date {local}");
        yield return D(block, "ramadan", Plants.Load, false, $"1 in the month of Ramadan where the country's calendar follows it, local date {local}, else 0");
    }

    private static IEnumerable<Entry> WeatherEntries(FeatureBlock block, string source)
    {
        yield return W(block, "ghi", Plants.All, true, $"global horizontal irradiance, W/m², {source}");
        yield return W(block, "dni", Plants.Solar, true, $"direct normal irradiance, W/m², {source}");
        yield return W(block, "dhi", Plants.Solar, true, $"diffuse horizontal irradiance, W/m², {source}");
        yield return W(block, "temp", Plants.All, true, $"air temperature at 2 m, °C, {source}");
        yield return W(block, "rel_humidity", Plants.All, true, $"relative humidity, %, {source}");
        yield return W(block, "pressure", Plants.All, true, $"surface pressure, hPa, {source}");
        yield return W(block, "wind_speed_10m", Plants.All, true, $"wind speed at 10 m, m/s, {source}");
        yield return W(block, "wind_dir_sin", Plants.All, false, $"sin of the wind direction (from, clockwise from north), {source}");
        yield return W(block, "wind_dir_cos", Plants.All, false, $"cos of the wind direction (from, clockwise from north), {source}");

        yield return W(block, "clear_sky_index", Plants.Solar, false,
            $"GHI ÷ clear_sky_ghi clipped to [0, 2]; 0 when clear-sky GHI is below 10 W/m² (night), {source}");
        yield return W(block, "clearness_index", Plants.Solar, false,
            $"GHI ÷ extraterrestrial_ghi clipped to [0, 1.2]; 0 when the sun is within 3.7° of the horizon, {source}");
        yield return W(block, "poa_irradiance", Plants.Solar, true,
            $"plane-of-array irradiance (Hay–Davies; DNI/DHI from Erbs when missing), W/m², {source}");
        yield return W(block, "cell_temp", Plants.Solar, true, $"SAPM open-rack cell temperature, °C, {source}");
        yield return W(block, "pvwatts_kw_norm", Plants.Solar, false,
            $"physical model: PVWatts AC output on poa_irradiance ÷ capacity (missing temperature 20 °C, wind 1 m/s), {source}");

        yield return W(block, "hub_speed", Plants.Wind, true,
            $"wind speed at hub height (1/7 power law from 100 m, else 10 m), m/s, {source}");
        yield return W(block, "hub_speed_cubed", Plants.Wind, true, $"hub_speed³, m³/s³, {source}");
        yield return W(block, "air_density", Plants.Wind, true,
            $"moist-air density from pressure (standard atmosphere at the site elevation when missing), temperature and humidity, kg/m³, {source}");
        yield return W(block, "wind_power_density", Plants.Wind, true,
            $"½·air density·hub_speed³, W/m² (air density 1.225 when unknown), {source}");
        yield return W(block, "wind_shear_exponent", Plants.Wind, false,
            $"α of the power law between 10 m and the hub, ln(hub/10 m speed) ÷ ln(hub/10 m) clipped to [−0.5, 1]; NaN below 0.5 m/s, {source}");
        yield return W(block, "power_curve_kw_norm", Plants.Wind, false,
            $"physical model: power curve at hub_speed × density/1.225 ÷ capacity (generic 3/12/25 m/s curve when none), {source}");
        yield return W(block, "heating_degrees", Plants.Load, true, $"max(0, 18 °C − temperature): heating demand, °C, {source}");
        yield return W(block, "cooling_degrees", Plants.Load, true, $"max(0, temperature − 22 °C): cooling demand, °C, {source}");
        yield return W(block, "temp_mean_24h", Plants.Load, true,
            $"mean temperature of the 24 hours ending at the hour (buildings heat and cool slowly), °C, missing hours skipped, {source}");
        yield return W(block, "calibrated_kw_norm", Plants.Generation, false,
            $"calibrated physical model: the plant's own power curve (wind) or its refit PVWatts (solar) ÷ capacity; the nameplate model without a calibration, {source}");
    }

    private static Entry D(FeatureBlock block, string name, Plants plants, bool standardised, string description) =>
        new(new FeatureDefinition(name, block, FeatureSource.Deterministic, standardised, description), plants);

    private static Entry W(FeatureBlock block, string name, Plants plants, bool standardised, string description) =>
        new(new FeatureDefinition(name, block, FeatureSource.Weather, standardised, description), plants);

    // Power features are power ÷ capacity (0…1), flags or shares: already of order one, so never standardised.
    private static Entry P(FeatureBlock block, string name, Plants plants, string description) =>
        new(new FeatureDefinition(name, block, FeatureSource.Power, false, description), plants);
}
