using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain.Calendar;
using SolarSync.Modules.Shared.Calendar;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Features.Domain;

/// <summary>
/// Every per-hour quantity of a run of hours (the grid), computed once so that samples are cut from it by copying:
/// deterministic columns, weather columns from the observed history and from the forecast source, and power columns
/// from the history. A column is a float array over the grid, named as in <see cref="FeatureCatalog"/>; hours
/// outside a series read as missing.
/// </summary>
internal sealed class HourlyFeatureTable
{
    // Below 10 W/m² of clear-sky GHI (dawn, dusk, night) the ratio GHI/clear-sky is noise; the index is 0 there.
    private const double MinClearSkyGhiForIndexWm2 = 10;

    // Same idea for the plant's power: a clear-sky output under 1 % of capacity gives no usable index.
    private const double MinClearSkyShareForPowerIndex = 0.01;

    // Cloud enhancement can push GHI above clear sky, but not beyond twice it; larger ratios are data errors.
    private const double MaxClearSkyIndex = 2;
    private const double MaxClearnessIndex = 1.2;

    // Below this speed at either height the log ratio of the shear exponent is meaningless.
    private const double MinSpeedForShearMs = 0.5;
    private const double MinShearExponent = -0.5;
    private const double MaxShearExponent = 1;

    private const double DegToRad = Math.PI / 180;

    private HourlyFeatureTable(DateTimeOffset start, int hours, int firstRow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstRow, hours);
        Start = start;
        Hours = hours;
        FirstRow = firstRow;
    }

    /// <summary>UTC start of grid hour 0.</summary>
    public DateTimeOffset Start { get; }

    public int Hours { get; }

    /// <summary>
    /// The first grid hour any sample reads a column of. The hours before it are there for the power lags and rolling
    /// windows of later hours: they hold <see cref="PowerNorm"/> only, every other column is NaN there. A forecast's
    /// grid is mostly such look-behind (168 of 240 h), so this skips most of its physics.
    /// </summary>
    public int FirstRow { get; }

    /// <summary>Site-and-clock columns.</summary>
    public Dictionary<string, float[]> Deterministic { get; } = [];

    /// <summary>Weather columns from the history (encoder).</summary>
    public Dictionary<string, float[]> Observed { get; private set; } = [];

    /// <summary>Weather columns from the future-weather source (decoder).</summary>
    public Dictionary<string, float[]> Forecast { get; private set; } = [];

    /// <summary>Encoder power columns.</summary>
    public Dictionary<string, float[]> Power { get; } = [];

    /// <summary>Observed power ÷ capacity, NaN where missing or outside the history.</summary>
    public float[] PowerNorm { get; private set; } = [];

    /// <summary>Power ÷ clear-sky output (solar; all NaN for wind).</summary>
    public float[] PowerClearSkyIndex { get; private set; } = [];

    /// <summary>Clear-sky plant output ÷ capacity (solar; 0 for wind).</summary>
    public float[] ClearSkyKwNorm { get; private set; } = [];

    /// <summary>Physical-model output from the forecast source, kW.</summary>
    public float[] ForecastPhysicalKw { get; private set; } = [];

    /// <summary>Calibrated physical output from the forecast source, kW.</summary>
    public float[] ForecastCalibratedKw { get; private set; } = [];

    /// <summary>Outage or curtailment by the history's power and weather, judged with hindsight (a label, never an input).</summary>
    public bool[] UnavailableLabel { get; private set; } = [];

    /// <summary>Sun above the horizon at mid-hour.</summary>
    public bool[] SunUp { get; private set; } = [];

    public static HourlyFeatureTable Compute(PlantModel plant, DateTimeOffset start, int hours, int firstRow, HourlySeries history,
        HourlySeries forecastSource)
    {
        var table = new HourlyFeatureTable(start, hours, firstRow);
        var sun = table.AddDeterministic(plant);
        table.Observed = table.WeatherColumns(plant, sun, history, out var observedKw);
        var forecastKw = observedKw;
        table.Forecast = ReferenceEquals(forecastSource, history) ? table.Observed : table.WeatherColumns(plant, sun, forecastSource, out forecastKw);
        table.ForecastPhysicalKw = forecastKw;
        table.ForecastCalibratedKw = table.Forecast.TryGetValue("calibrated_kw_norm", out var calibrated)
            ? Array.ConvertAll(calibrated, v => (float)(v * plant.CapacityKw))
            : NaNs(hours);

        table.AddPower(plant, history);
        return table;
    }

    private SolarAngles[] AddDeterministic(PlantModel plant)
    {
        var sun = new SolarAngles[Hours];
        var zenithCos = Column(Deterministic, "solar_zenith_cos");
        var elevation = Column(Deterministic, "solar_elevation_deg");
        var azimuthSin = Column(Deterministic, "solar_azimuth_sin");
        var azimuthCos = Column(Deterministic, "solar_azimuth_cos");
        var extraterrestrial = Column(Deterministic, "extraterrestrial_ghi");
        var clearGhi = Column(Deterministic, "clear_sky_ghi");
        var clearDni = Column(Deterministic, "clear_sky_dni");
        var clearDhi = Column(Deterministic, "clear_sky_dhi");
        var daylight = Column(Deterministic, "daylight");
        var hourSin = Column(Deterministic, "hour_sin");
        var hourCos = Column(Deterministic, "hour_cos");
        var doySin = Column(Deterministic, "doy_sin");
        var doyCos = Column(Deterministic, "doy_cos");
        var weekdaySin = Column(Deterministic, "weekday_sin");
        var weekdayCos = Column(Deterministic, "weekday_cos");
        var solar = plant.Type == PlantType.Solar;
        var clearPoa = solar ? Column(Deterministic, "clear_sky_poa") : null;
        var clearKwNorm = solar ? Column(Deterministic, "clear_sky_kw_norm") : new float[Hours];
        SunUp = new bool[Hours];

        for (var i = FirstRow; i < Hours; i++)
        {
            var hour = Start.AddHours(i);
            var s = sun[i] = plant.SunForHour(hour);
            var cosZ = Math.Cos(s.ZenithDeg * DegToRad);
            var (azSin, azCos) = Math.SinCos(s.AzimuthDeg * DegToRad);
            var clear = ClearSky.Ineichen(s, plant.Site.ElevationM);
            zenithCos[i] = (float)cosZ;
            elevation[i] = (float)s.ElevationDeg;
            azimuthSin[i] = (float)azSin;
            azimuthCos[i] = (float)azCos;
            extraterrestrial[i] = (float)(s.ExtraterrestrialNormalWm2 * Math.Max(cosZ, 0));
            clearGhi[i] = (float)clear.GhiWm2;
            clearDni[i] = (float)clear.DniWm2;
            clearDhi[i] = (float)clear.DhiWm2;
            SunUp[i] = s.ElevationDeg > 0;
            daylight[i] = SunUp[i] ? 1 : 0;

            var date = hour.UtcDateTime;
            (hourSin[i], hourCos[i]) = Cycle(date.Hour, 24);
            var daysInYear = DateTime.IsLeapYear(date.Year) ? 366 : 365;
            (doySin[i], doyCos[i]) = Cycle(date.DayOfYear - 1, daysInYear);
            (weekdaySin[i], weekdayCos[i]) = Cycle(((int)date.DayOfWeek + 6) % 7, 7); // Monday = 0 (ISO 8601)

            if (clearPoa is not null)
            {
                clearPoa[i] = clear.GhiWm2 > 0
                    ? (float)PlaneOfArray.Transpose(clear.GhiWm2, clear.DniWm2, clear.DhiWm2, s, plant.TiltDeg, plant.AzimuthDeg).TotalWm2
                    : 0;
                clearKwNorm[i] = (float)(plant.ClearSkyKw(s, clear) / plant.CapacityKw);
            }
        }

        ClearSkyKwNorm = clearKwNorm;
        if (plant.Type == PlantType.Load) AddLocalCalendar(plant.Site);
        return sun;
    }

    private void AddLocalCalendar(FeatureSite site)
    {
        var zone = LocalCalendar.Zone(site.TimeZone);
        var hourSin = Column(Deterministic, "local_hour_sin");
        var hourCos = Column(Deterministic, "local_hour_cos");
        var weekdaySin = Column(Deterministic, "local_weekday_sin");
        var weekdayCos = Column(Deterministic, "local_weekday_cos");
        var weekend = Column(Deterministic, "weekend");
        var holiday = Column(Deterministic, "holiday");
        var bridge = Column(Deterministic, "bridge_day");
        var ramadan = Column(Deterministic, "ramadan");
        for (var i = FirstRow; i < Hours; i++)
        {
            // The middle of the hour, so an hour that a clock change splits takes the time most of it had.
            var local = TimeZoneInfo.ConvertTime(Start.AddHours(i).AddMinutes(30), zone);
            var date = DateOnly.FromDateTime(local.DateTime);
            var weekday = ((int)local.DayOfWeek + 6) % 7;
            (hourSin[i], hourCos[i]) = Cycle(local.Hour + 0.5, 24);
            (weekdaySin[i], weekdayCos[i]) = Cycle(weekday, 7);
            weekend[i] = weekday >= 5 ? 1 : 0;
            holiday[i] = PublicHolidays.IsHoliday(site.Country, date) ? 1 : 0;
            bridge[i] = PublicHolidays.IsBridgeDay(site.Country, date) ? 1 : 0;
            ramadan[i] = PublicHolidays.IsRamadan(site.Country, date) ? 1 : 0;
        }
    }

    private Dictionary<string, float[]> WeatherColumns(PlantModel plant, SolarAngles[] sun, HourlySeries weather, out float[] physicalKw)
    {
        var columns = new Dictionary<string, float[]>();
        var offset = OffsetOf(weather);
        var ghi = Column(columns, "ghi");
        var temp = Column(columns, "temp");
        var humidity = Column(columns, "rel_humidity");
        var pressure = Column(columns, "pressure");
        var wind10 = Column(columns, "wind_speed_10m");
        var dirSin = Column(columns, "wind_dir_sin");
        var dirCos = Column(columns, "wind_dir_cos");
        Column(columns, "has_weather"); // filled by the plant-specific part, which knows the driving variable
        physicalKw = NotComputedBeforeFirstRow(new float[Hours]);
        for (var i = FirstRow; i < Hours; i++)
        {
            var j = i + offset;
            ghi[i] = At(weather.GhiWm2, j);
            temp[i] = At(weather.TempC, j);
            humidity[i] = At(weather.RelHumidityPct, j);
            pressure[i] = At(weather.PressureHpa, j);
            wind10[i] = At(weather.WindSpeed10mMs, j);
            var dir = At(weather.WindDirDeg, j);
            var (sin, cos) = Math.SinCos(dir * DegToRad);
            dirSin[i] = (float)sin;
            dirCos[i] = (float)cos;
        }

        switch (plant.Type)
        {
            case PlantType.Solar:
                AddSolarWeather(plant, sun, weather, offset, columns, physicalKw);
                break;
            case PlantType.Wind:
                AddWindWeather(plant, weather, offset, columns, physicalKw);
                break;
            default:
                AddLoadWeather(weather, offset, columns);
                physicalKw.AsSpan(FirstRow).Fill(float.NaN); // no physical model of demand
                break;
        }

        return columns;
    }

    private void AddSolarWeather(PlantModel plant, SolarAngles[] sun, HourlySeries weather, int offset,
        Dictionary<string, float[]> columns, float[] physicalKw)
    {
        var ghi = columns["ghi"];
        var temp = columns["temp"];
        var wind10 = columns["wind_speed_10m"];
        var hasWeather = columns["has_weather"];
        var dni = Column(columns, "dni");
        var dhi = Column(columns, "dhi");
        var clearSkyIndex = Column(columns, "clear_sky_index");
        var clearnessIndex = Column(columns, "clearness_index");
        var poa = Column(columns, "poa_irradiance");
        var cellTemp = Column(columns, "cell_temp");
        var kwNorm = Column(columns, "pvwatts_kw_norm");
        var calibrated = Column(columns, "calibrated_kw_norm");
        var calibration = plant.Site.Calibration?.Solar;
        var clearGhi = Deterministic["clear_sky_ghi"];
        var extraterrestrial = Deterministic["extraterrestrial_ghi"];
        for (var i = FirstRow; i < Hours; i++)
        {
            var j = i + offset;
            dni[i] = At(weather.DniWm2, j);
            dhi[i] = At(weather.DhiWm2, j);
            var g = ghi[i];
            hasWeather[i] = float.IsNaN(g) ? 0 : 1;
            clearSkyIndex[i] = float.IsNaN(g) ? float.NaN
                : clearGhi[i] >= MinClearSkyGhiForIndexWm2 ? (float)Math.Clamp(g / clearGhi[i], 0, MaxClearSkyIndex)
                : 0;

            // kt shares Erbs's cut-off: with the sun within 3.7° of the horizon the ratio is dominated by refraction.
            var cosZ = Math.Cos(sun[i].ZenithDeg * DegToRad);
            clearnessIndex[i] = float.IsNaN(g) ? float.NaN
                : cosZ > 0.065 ? (float)Math.Clamp(g / extraterrestrial[i], 0, MaxClearnessIndex)
                : 0;

            var output = plant.Solar(sun[i], g, dni[i], dhi[i], temp[i], wind10[i]);
            poa[i] = (float)output.PoaWm2;
            cellTemp[i] = (float)output.CellTempC;
            physicalKw[i] = (float)output.AcKw;
            kwNorm[i] = (float)(output.AcKw / plant.CapacityKw);
            if (calibration is { TiltDeg: { } tilt, AzimuthDeg: { } azimuth })
            {
                var effective = plant.Solar(sun[i], g, dni[i], dhi[i], temp[i], wind10[i], tilt, azimuth);
                calibrated[i] = CalibratedPhysics.Solar(calibration, (float)(effective.AcKw / plant.CapacityKw), (float)effective.CellTempC);
            }
            else
            {
                calibrated[i] = CalibratedPhysics.Solar(calibration, kwNorm[i], cellTemp[i]);
            }
        }
    }

    private void AddWindWeather(PlantModel plant, HourlySeries weather, int offset, Dictionary<string, float[]> columns, float[] physicalKw)
    {
        var temp = columns["temp"];
        var humidity = columns["rel_humidity"];
        var pressure = columns["pressure"];
        var wind10 = columns["wind_speed_10m"];
        var hasWeather = columns["has_weather"];
        var hub = Column(columns, "hub_speed");
        var hubCubed = Column(columns, "hub_speed_cubed");
        var density = Column(columns, "air_density");
        var powerDensity = Column(columns, "wind_power_density");
        var shear = Column(columns, "wind_shear_exponent");
        var kwNorm = Column(columns, "power_curve_kw_norm");
        var calibrated = Column(columns, "calibrated_kw_norm");
        var calibration = plant.Site.Calibration?.Wind;
        var logHeightRatio = Math.Log(plant.HubHeightM / 10);
        var speedChange = Column(columns, "hub_speed_change_3h");
        var pressureChange = Column(columns, "pressure_change_3h");
        double HubSpeed(int j)
        {
            double speed = At(weather.WindSpeedHubMs, j);
            double speed10 = At(weather.WindSpeed10mMs, j);
            return double.IsNaN(speed) && !double.IsNaN(speed10) ? WindPhysics.ExtrapolateSpeed(speed10, 10, plant.HubHeightM) : speed;
        }

        for (var i = FirstRow; i < Hours; i++)
        {
            var speed = HubSpeed(offset + i);
            hub[i] = (float)speed;
            // Read from the series, not the columns: the hours before the table's first row count too.
            speedChange[i] = (float)(speed - HubSpeed(offset + i - TendencyHours));
            pressureChange[i] = At(weather.PressureHpa, offset + i) - At(weather.PressureHpa, offset + i - TendencyHours);
            hubCubed[i] = (float)(speed * speed * speed);
            hasWeather[i] = double.IsNaN(speed) ? 0 : 1;
            var rho = plant.AirDensity(pressure[i], temp[i], humidity[i]);
            density[i] = (float)rho;
            powerDensity[i] = (float)(0.5 * (double.IsNaN(rho) ? 1.225 : rho) * speed * speed * speed);

            // A hub 10 m up (or a speed extrapolated from 10 m) carries no shear information beyond the assumed α.
            shear[i] = speed >= MinSpeedForShearMs && wind10[i] >= MinSpeedForShearMs && Math.Abs(logHeightRatio) > 1e-9
                ? (float)Math.Clamp(Math.Log(speed / wind10[i]) / logHeightRatio, MinShearExponent, MaxShearExponent)
                : float.NaN;

            var outputDensity = plant.AirDensityForOutput(pressure[i], temp[i], humidity[i]);
            var kw = plant.WindKw(speed, outputDensity);
            physicalKw[i] = (float)kw;
            kwNorm[i] = (float)(kw / plant.CapacityKw);
            var direction = Math.Atan2(columns["wind_dir_sin"][i], columns["wind_dir_cos"][i]) / DegToRad;
            calibrated[i] = CalibratedPhysics.Wind(calibration, kwNorm[i], speed, outputDensity,
                float.IsNaN(At(weather.WindDirDeg, offset + i)) ? double.NaN : direction);
        }
    }

    /// <summary>The span of the wind's tendencies (hub speed and pressure change), hours.</summary>
    private const int TendencyHours = 3;

    private void AddLoadWeather(HourlySeries weather, int offset, Dictionary<string, float[]> columns)
    {
        const double heatingBaseC = 18, coolingBaseC = 22;
        const int thermalHours = 24;
        var temp = columns["temp"];
        var hasWeather = columns["has_weather"];
        var heating = Column(columns, "heating_degrees");
        var cooling = Column(columns, "cooling_degrees");
        var mean = Column(columns, "temp_mean_24h");
        for (var i = FirstRow; i < Hours; i++)
        {
            var t = temp[i];
            hasWeather[i] = float.IsNaN(t) ? 0 : 1;
            heating[i] = float.IsNaN(t) ? float.NaN : (float)Math.Max(0, heatingBaseC - t);
            cooling[i] = float.IsNaN(t) ? float.NaN : (float)Math.Max(0, t - coolingBaseC);
            double sum = 0;
            var n = 0;
            // Hours before the first computed row are read from the series itself.
            for (var j = i - thermalHours + 1; j <= i; j++)
            {
                var v = At(weather.TempC, j + offset);
                if (float.IsNaN(v)) continue;
                sum += v;
                n++;
            }

            mean[i] = n == 0 ? float.NaN : (float)(sum / n);
        }
    }

    private void AddPower(PlantModel plant, HourlySeries history)
    {
        var offset = OffsetOf(history);
        var power = PowerNorm = new float[Hours];
        for (var i = 0; i < Hours; i++)
        {
            power[i] = (float)(At(history.PowerKw, i + offset) / plant.CapacityKw);
        }

        Power["power_norm"] = power;
        var missing = Column(Power, "power_missing");
        var lags = FeatureCatalog.PowerLagHours;
        var lagColumns = lags.Select(lag => Column(Power, $"power_lag_{lag}h")).ToArray();
        var lagMissing = Column(Power, "power_lag_missing");
        for (var i = FirstRow; i < Hours; i++)
        {
            missing[i] = float.IsNaN(power[i]) ? 1 : 0;
            var missingLags = 0;
            for (var l = 0; l < lags.Count; l++)
            {
                var value = lagColumns[l][i] = At(power, i - lags[l]);
                if (float.IsNaN(value)) missingLags++;
            }

            lagMissing[i] = (float)missingLags / lags.Count;
        }

        foreach (var window in FeatureCatalog.RollingWindowHours)
        {
            AddRolling(power, window);
        }

        PowerClearSkyIndex = NotComputedBeforeFirstRow(new float[Hours]);
        for (var i = FirstRow; i < Hours; i++)
        {
            var p = power[i];
            var clear = ClearSkyKwNorm[i];
            PowerClearSkyIndex[i] = float.IsNaN(p) ? float.NaN
                : clear >= MinClearSkyShareForPowerIndex ? (float)Math.Clamp((double)p / clear, 0, MaxClearSkyIndex)
                : 0;
        }

        if (plant.Type == PlantType.Solar) Power["power_clear_sky_index"] = PowerClearSkyIndex;

        if (Observed.TryGetValue("calibrated_kw_norm", out var observedCalibrated))
        {
            var deviation = Column(Power, "power_deviation");
            for (var i = FirstRow; i < Hours; i++) deviation[i] = power[i] - observedCalibrated[i];
        }

        UnavailableLabel = new bool[Hours];
        if (FeatureCatalog.OutageExpectation(plant.Type) is { } expectation)
        {
            var wind = plant.Type == PlantType.Wind;
            var expected = Observed[expectation];
            ReadOnlySpan<float> clearSkyCalibrated = ClearSkyCalibratedShare(plant) is { } reference ? reference.AsSpan(FirstRow) : default;
            var known = PlantAvailability.Unavailable(power.AsSpan(FirstRow), expected.AsSpan(FirstRow), lookAhead: false, flatIsCurtailment: wind,
                clearSkyCalibrated);
            var unavailable = Column(Power, "unavailable");
            for (var i = FirstRow; i < Hours; i++) unavailable[i] = known[i - FirstRow] ? 1 : 0;
            PlantAvailability.Unavailable(power.AsSpan(FirstRow), expected.AsSpan(FirstRow), lookAhead: true, flatIsCurtailment: wind, clearSkyCalibrated)
                .CopyTo(UnavailableLabel, FirstRow);
        }
    }

    /// <summary>
    /// What a derate is judged against (<see cref="PlantAvailability.Derated"/>): a calibrated solar plant's own physics
    /// where the measured sky is clear, NaN elsewhere; null for wind and for a plant not yet calibrated.
    /// </summary>
    private float[]? ClearSkyCalibratedShare(PlantModel plant)
    {
        if (plant.Site.Calibration?.Solar is null) return null;
        var (calibrated, index) = (Observed["calibrated_kw_norm"], Observed["clear_sky_index"]);
        var reference = new float[Hours];
        for (var i = 0; i < Hours; i++) reference[i] = index[i] >= PlantAvailability.ClearSkyIndexAtLeast ? calibrated[i] : float.NaN;
        return reference;
    }

    private void AddRolling(float[] power, int window)
    {
        var mean = Column(Power, $"power_roll_mean_{window}h");
        var std = Column(Power, $"power_roll_std_{window}h");
        var min = Column(Power, $"power_roll_min_{window}h");
        var max = Column(Power, $"power_roll_max_{window}h");
        for (var i = FirstRow; i < Hours; i++)
        {
            // Windows are at most 24 h, so a direct two-pass sum over the window is cheap and exact enough.
            var from = Math.Max(0, i - window + 1);
            var n = 0;
            double sum = 0, lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (var j = from; j <= i; j++)
            {
                var v = power[j];
                if (float.IsNaN(v)) continue;
                n++;
                sum += v;
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }

            if (n == 0)
            {
                mean[i] = std[i] = min[i] = max[i] = float.NaN;
                continue;
            }

            var m = sum / n;
            double squares = 0;
            for (var j = from; j <= i; j++)
            {
                var v = power[j];
                if (!float.IsNaN(v)) squares += (v - m) * (v - m);
            }

            mean[i] = (float)m;
            std[i] = (float)Math.Sqrt(squares / n);
            min[i] = (float)lo;
            max[i] = (float)hi;
        }
    }

    /// <summary>Index in <paramref name="series"/> of grid hour 0.</summary>
    private int OffsetOf(HourlySeries series) =>
        checked((int)((Start.UtcTicks - series.Start.UtcTicks) / TimeSpan.TicksPerHour));

    private float[] Column(Dictionary<string, float[]> columns, string name)
    {
        var values = NotComputedBeforeFirstRow(new float[Hours]);
        columns.Add(name, values);
        return values;
    }

    /// <summary>NaN before <see cref="FirstRow"/>: a read there by mistake shows as missing data, not as a plausible 0.</summary>
    private float[] NotComputedBeforeFirstRow(float[] values)
    {
        values.AsSpan(0, FirstRow).Fill(float.NaN);
        return values;
    }

    private static (float Sin, float Cos) Cycle(double value, double period)
    {
        var (sin, cos) = Math.SinCos(2 * Math.PI * value / period);
        return ((float)sin, (float)cos);
    }

    private static float[] NaNs(int length)
    {
        var values = new float[length];
        values.AsSpan().Fill(float.NaN);
        return values;
    }

    /// <summary>Element i, or NaN outside the array (an hour outside the grid counts as missing).</summary>
    public static float At(float[] values, int i) => (uint)i < (uint)values.Length ? values[i] : float.NaN;
}
