using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Features.Domain;

/// <summary>
/// Builds samples in two steps: every per-hour column once over the hours the samples touch
/// (<see cref="HourlyFeatureTable"/>), laid out row-major per block, then each sample's encoder window is one block
/// copy and each decoder row a row copy plus the few columns that depend on the lead time.
/// </summary>
internal sealed class FeatureBuilder : IFeatureBuilder
{
    /// <summary>Decoder columns whose value depends on the lead time k as well as on the hour.</summary>
    private enum LeadColumn
    {
        None,
        LeadTime,
        SameHour1d,
        SameHour2d,
        SameHour7d,
        SameHourMean7d,
        SameHourClearSkyIndex1d,
        SmartPersistence,
        LagMissing,
    }

    private const int HoursPerDay = 24;
    private const int HoursPerWeek = 168;
    private const int DaysInSameHourMean = 7;

    public FeatureSamples Build(FeatureSite site, HourlySeries history, HourlySeries? futureWeather,
        IReadOnlyList<DateTimeOffset> issueTimes, int lookback, int horizon, bool useFutureWeather)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(issueTimes);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        history.ThrowIfInvalid(nameof(history));
        futureWeather?.ThrowIfInvalid(nameof(futureWeather));

        var plant = PlantModel.From(site);
        var (encoderNames, decoderNames) = FeatureCatalog.For(site.Type);
        var encoderWidth = encoderNames.Count;
        var decoderWidth = decoderNames.Count;
        var count = issueTimes.Count;

        var issues = new DateTimeOffset[count];
        long minTicks = long.MaxValue, maxTicks = long.MinValue;
        for (var s = 0; s < count; s++)
        {
            HourlySeries.RequireWholeHour(issueTimes[s], nameof(issueTimes));
            issues[s] = issueTimes[s].ToUniversalTime();
            minTicks = Math.Min(minTicks, issues[s].UtcTicks);
            maxTicks = Math.Max(maxTicks, issues[s].UtcTicks);
        }

        if (count == 0)
        {
            return new FeatureSamples(0, lookback, horizon, encoderWidth, decoderWidth, [], [], [], [], [], [], [])
            {
                EncoderFeatures = encoderNames,
                DecoderFeatures = decoderNames,
            };
        }

        // The grid runs from the longest look-behind of the earliest encoder window to the last forecast hour.
        var gridStart = new DateTimeOffset(minTicks, TimeSpan.Zero).AddHours(-(lookback + FeatureCatalog.MaxLookBehindHours));
        var gridHours = checked((int)((maxTicks - gridStart.UtcTicks) / TimeSpan.TicksPerHour) + horizon);
        // The earliest hour a sample reads: its first encoder hour, or the same hour a day before its first forecast hour
        // (the lead columns' clear-sky index) when the lookback is shorter than a day.
        var firstRow = lookback + FeatureCatalog.MaxLookBehindHours - Math.Max(lookback, HoursPerDay);
        var table = HourlyFeatureTable.Compute(plant, gridStart, gridHours, firstRow, history, futureWeather ?? history);

        var encoderRows = EncoderRows(table, encoderNames);
        var (decoderRows, leadColumns) = DecoderRows(table, decoderNames, useFutureWeather);

        var encoder = new float[(long)count * lookback * encoderWidth];
        var decoder = new float[(long)count * horizon * decoderWidth];
        var target = new float[count * horizon];
        var daylight = new bool[count * horizon];
        var physicalKw = new float[count * horizon];
        var clearSkyKw = new float[count * horizon];
        var calibratedKw = new float[count * horizon];
        var unavailable = new bool[count * horizon];
        var encoderBlock = lookback * encoderWidth;

        for (var s = 0; s < count; s++)
        {
            var t = (int)((issues[s].UtcTicks - gridStart.UtcTicks) / TimeSpan.TicksPerHour);
            Array.Copy(encoderRows, (long)(t - lookback) * encoderWidth, encoder, (long)s * encoderBlock, encoderBlock);

            for (var k = 1; k <= horizon; k++)
            {
                var u = t + k - 1;
                var row = s * horizon + k - 1;
                var destination = (long)row * decoderWidth;
                Array.Copy(decoderRows, (long)u * decoderWidth, decoder, destination, decoderWidth);
                for (var c = 0; c < leadColumns.Length; c++)
                {
                    if (leadColumns[c] != LeadColumn.None)
                    {
                        decoder[destination + c] = LeadValue(leadColumns[c], table, u, k);
                    }
                }

                target[row] = table.PowerNorm[u];
                daylight[row] = table.SunUp[u];
                physicalKw[row] = table.ForecastPhysicalKw[u];
                clearSkyKw[row] = (float)(table.ClearSkyKwNorm[u] * plant.CapacityKw);
                calibratedKw[row] = table.ForecastCalibratedKw[u];
                unavailable[row] = table.UnavailableLabel[u];
            }
        }

        return new FeatureSamples(count, lookback, horizon, encoderWidth, decoderWidth, encoder, decoder, target, issues,
            daylight, physicalKw, clearSkyKw)
        {
            EncoderFeatures = encoderNames,
            DecoderFeatures = decoderNames,
            CalibratedKw = calibratedKw,
            Unavailable = unavailable,
        };
    }

    public PlantCalibration Calibrate(FeatureSite site, HourlySeries history, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(history);
        history.ThrowIfInvalid(nameof(history));
        var plant = PlantModel.From(site with { Calibration = null });
        var hours = (int)Math.Clamp((until - history.Start).TotalHours, 0, history.Count);
        var table = HourlyFeatureTable.Compute(plant, history.Start, hours, firstRow: 0, history, history);
        var calibration = PlantCalibrator.Fit(plant, table);
        if (calibration.Solar is null) return calibration;

        // A derate is judged against the plant's own physics, which this fit has just learned: fitted again without
        // the derated hours, the calibration is the whole array's.
        var calibrated = PlantModel.From(site with { Calibration = calibration });
        return PlantCalibrator.Fit(calibrated, HourlyFeatureTable.Compute(calibrated, history.Start, hours, firstRow: 0, history, history));
    }

    /// <summary>Encoder columns per grid hour, row-major: observed weather, deterministic and power columns.</summary>
    private static float[] EncoderRows(HourlyFeatureTable table, IReadOnlyList<string> names)
    {
        var width = names.Count;
        var rows = new float[(long)table.Hours * width];
        for (var c = 0; c < width; c++)
        {
            var name = names[c];
            var column = table.Deterministic.GetValueOrDefault(name)
                ?? table.Observed.GetValueOrDefault(name)
                ?? table.Power.GetValueOrDefault(name)
                ?? throw new InvalidOperationException($"The encoder feature '{name}' has no column.");
            Scatter(column, rows, c, width, table.FirstRow);
        }

        return rows;
    }

    /// <summary>
    /// Decoder columns per grid hour, row-major. Weather columns come from the forecast source, or stay 0 without
    /// future weather; lead-dependent columns (power lags, lead time) are left 0 here and filled per sample.
    /// </summary>
    private static (float[] Rows, LeadColumn[] LeadColumns) DecoderRows(HourlyFeatureTable table, IReadOnlyList<string> names,
        bool useFutureWeather)
    {
        var width = names.Count;
        var rows = new float[(long)table.Hours * width];
        var leadColumns = new LeadColumn[width];
        for (var c = 0; c < width; c++)
        {
            var name = names[c];
            var definition = FeatureCatalog.Find(FeatureBlock.Decoder, name)
                ?? throw new InvalidOperationException($"The decoder feature '{name}' is not in the catalog.");
            leadColumns[c] = LeadColumnOf(name);
            if (leadColumns[c] != LeadColumn.None) continue;

            float[]? column = definition.Source switch
            {
                FeatureSource.Deterministic => table.Deterministic.GetValueOrDefault(name),
                FeatureSource.Weather when !useFutureWeather => null,
                FeatureSource.Weather => table.Forecast.GetValueOrDefault(name)
                    ?? throw new InvalidOperationException($"The decoder feature '{name}' has no column."),
                _ => throw new InvalidOperationException($"The decoder power feature '{name}' has no lead-time rule."),
            };
            if (definition.Source == FeatureSource.Deterministic && column is null)
            {
                throw new InvalidOperationException($"The decoder feature '{name}' has no column.");
            }

            if (column is not null) Scatter(column, rows, c, width, table.FirstRow);
        }

        return (rows, leadColumns);
    }

    private static LeadColumn LeadColumnOf(string name) => name switch
    {
        "lead_time_h" => LeadColumn.LeadTime,
        "power_same_hour_1d" => LeadColumn.SameHour1d,
        "power_same_hour_2d" => LeadColumn.SameHour2d,
        "power_same_hour_7d" => LeadColumn.SameHour7d,
        "power_same_hour_mean_7d" => LeadColumn.SameHourMean7d,
        "power_same_hour_csi_1d" => LeadColumn.SameHourClearSkyIndex1d,
        "smart_persistence_kw_norm" => LeadColumn.SmartPersistence,
        "power_lag_missing" => LeadColumn.LagMissing,
        _ => LeadColumn.None,
    };

    /// <summary>
    /// A lead-dependent decoder value of future hour u at lead k. Every power read is at an hour at or before
    /// t − 1 = u − k: the latest same hour of day is u − 24·ceil(k/24), of week u − 168·ceil(k/168).
    /// </summary>
    private static float LeadValue(LeadColumn column, HourlyFeatureTable table, int u, int k)
    {
        var power = table.PowerNorm;
        var sameHour1d = u - HoursPerDay * DivideRoundingUp(k, HoursPerDay);
        switch (column)
        {
            case LeadColumn.LeadTime:
                return k;
            case LeadColumn.SameHour1d:
                return HourlyFeatureTable.At(power, sameHour1d);
            case LeadColumn.SameHour2d:
                return HourlyFeatureTable.At(power, sameHour1d - HoursPerDay);
            case LeadColumn.SameHour7d:
                return HourlyFeatureTable.At(power, SameHourOfWeek(u, k));
            case LeadColumn.SameHourMean7d:
            {
                double sum = 0;
                var n = 0;
                for (var d = 0; d < DaysInSameHourMean; d++)
                {
                    var value = HourlyFeatureTable.At(power, sameHour1d - d * HoursPerDay);
                    if (float.IsNaN(value)) continue;
                    sum += value;
                    n++;
                }

                return n == 0 ? float.NaN : (float)(sum / n);
            }

            case LeadColumn.SameHourClearSkyIndex1d:
                return HourlyFeatureTable.At(table.PowerClearSkyIndex, sameHour1d);
            case LeadColumn.SmartPersistence:
                return HourlyFeatureTable.At(table.PowerClearSkyIndex, sameHour1d) * table.ClearSkyKwNorm[u];
            case LeadColumn.LagMissing:
            {
                var missing = (float.IsNaN(HourlyFeatureTable.At(power, sameHour1d)) ? 1 : 0)
                    + (float.IsNaN(HourlyFeatureTable.At(power, sameHour1d - HoursPerDay)) ? 1 : 0)
                    + (float.IsNaN(HourlyFeatureTable.At(power, SameHourOfWeek(u, k))) ? 1 : 0);
                return missing / 3f;
            }

            default:
                throw new InvalidOperationException($"No value rule for {column}.");
        }
    }

    private static int SameHourOfWeek(int u, int k) => u - HoursPerWeek * DivideRoundingUp(k, HoursPerWeek);

    private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;

    private static void Scatter(float[] column, float[] rows, int c, int width, int firstRow)
    {
        for (var i = firstRow; i < column.Length; i++)
        {
            rows[(long)i * width + c] = column[i];
        }
    }
}
