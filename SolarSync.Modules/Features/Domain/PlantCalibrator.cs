using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Features.Domain;

/// <summary>
/// Fits a <see cref="PlantCalibration"/> to a plant's measured hours (<see cref="IFeatureBuilder.Calibrate"/>). Hours
/// that <see cref="PlantAvailability"/> flags as outage or curtailment are left out, so the curve is the plant's
/// behaviour when it runs; what cannot be estimated (too few hours) keeps the nameplate physics.
/// </summary>
internal static class PlantCalibrator
{
    public const double BinWidthMs = 0.5;
    private const int Bins = 60; // to 30 m/s: beyond every cut-out
    private const int Sectors = 8;
    // A bin with this many hours is "well filled": its mean tells how far the nameplate curve is off (NameplateWeightInHours).
    private const int MinHoursPerBin = 8;
    private const int MinHoursPerSectorBin = 12;
    private const int MinHoursPerSector = 400;
    private const int MinSolarHours = 48;

    // Solar hours under 2 % of capacity by the nameplate model (dawn, dusk, deep overcast) say little about the plant
    // and much about the irradiance model's low-light error.
    private const double MinSolarShare = 0.02;

    // An inverter limit shows as a pile of hourly means in one narrow band near the top: at least 2 % of daylight
    // hours within 1 % of capacity of each other, with fewer hours above it than in it (a few sensor spikes allowed).
    private const double LimitBandShare = 0.01;
    private const double MinShareAtLimit = 0.02;
    private const double AtLimitShare = 0.98;

    /// <summary>The plant's own physics; demand (load) has none, so its calibration is empty.</summary>
    public static PlantCalibration Fit(PlantModel plant, HourlyFeatureTable table) => plant.Type switch
    {
        PlantType.Wind => FitWind(plant, table),
        PlantType.Solar => FitSolar(plant, table),
        _ => new PlantCalibration(null, null, 0),
    };

    private static PlantCalibration FitWind(PlantModel plant, HourlyFeatureTable table)
    {
        var power = table.PowerNorm;
        var w = table.Observed;
        var (speed, sin, cos) = (w["hub_speed"], w["wind_dir_sin"], w["wind_dir_cos"]);
        var (pressure, temp, humidity) = (w["pressure"], w["temp"], w["rel_humidity"]);
        var unavailable = table.UnavailableLabel;

        var hours = new List<WindHour>();
        for (var i = table.FirstRow; i < table.Hours; i++)
        {
            if (float.IsNaN(power[i]) || float.IsNaN(speed[i]) || unavailable[i]) continue;
            var direction = float.IsNaN(sin[i]) ? double.NaN : Math.Atan2(sin[i], cos[i]) * 180 / Math.PI;
            hours.Add(new WindHour(i / 24, speed[i], plant.AirDensityForOutput(pressure[i], temp[i], humidity[i]), direction, Math.Clamp(power[i], 0, 1)));
        }

        var ignoresDensity = RawSpeedPredictsBetter(plant, hours);
        return new PlantCalibration(Curve(plant, hours, ignoresDensity), null, hours.Count(h => Bin(h, ignoresDensity) < Bins));
    }

    private readonly record struct WindHour(int Day, double SpeedMs, double AirDensity, double DirectionDeg, double Share);

    private static int Bin(WindHour h, bool ignoresDensity) =>
        (int)((ignoresDensity ? h.SpeedMs : CalibratedPhysics.EquivalentSpeed(h.SpeedMs, h.AirDensity)) / BinWidthMs);

    /// <summary>
    /// Whether the plant's output follows the raw hub speed better than the density-normalised one. A pitch-regulated
    /// turbine's output scales with air density below rated power, so normalising is right for real plants; a
    /// plant whose reported output was computed from a curve without density (a modelled plant, a SCADA export that
    /// already corrects it) shows it as a seasonal error. Judged like the solar orientation (<see cref="HoldOut"/>):
    /// density stays unless the raw speed is clearly better.
    /// </summary>
    private static bool RawSpeedPredictsBetter(PlantModel plant, List<WindHour> hours)
    {
        if (hours.Count < MinHoursToCompareSpeeds) return false;
        var split = HoldOut.Split(hours.Count);
        var (earlier, later) = (hours[..split], hours[split..]);
        double[] HoldOutErrors(bool ignoresDensity)
        {
            var curve = Curve(plant, earlier, ignoresDensity);
            return later.Select(h => CalibratedPhysics.Wind(curve, float.NaN, h.SpeedMs, h.AirDensity, h.DirectionDeg) - h.Share)
                .Select(e => e * e).ToArray();
        }

        return DailyErrorComparison.ClearlyLower(later.Select(h => h.Day).ToArray(), HoldOutErrors(ignoresDensity: true), HoldOutErrors(ignoresDensity: false));
    }

    // About a month of hours: fewer cannot show a seasonal density effect.
    private const int MinHoursToCompareSpeeds = 720;

    private static WindCalibration Curve(PlantModel plant, List<WindHour> hours, bool ignoresDensity)
    {
        var (sum, sumOfSquares, count) = (new double[Bins], new double[Bins], new int[Bins]);
        var (sectorSum, sectorCount) = (new double[Sectors, Bins], new int[Sectors, Bins]);
        var sectorHours = new int[Sectors];
        foreach (var h in hours)
        {
            var bin = Bin(h, ignoresDensity);
            if (bin >= Bins) continue;
            sum[bin] += h.Share;
            sumOfSquares[bin] += h.Share * h.Share;
            count[bin]++;
            if (double.IsNaN(h.DirectionDeg)) continue;
            var sector = CalibratedPhysics.SectorOf(h.DirectionDeg, Sectors);
            sectorSum[sector, bin] += h.Share;
            sectorCount[sector, bin]++;
            sectorHours[sector]++;
        }

        var nameplate = Enumerable.Range(0, Bins).Select(b => plant.WindKw((b + 0.5) * BinWidthMs, PlantModel.ReferenceAirDensity) / plant.CapacityKw).ToArray();
        var priorHours = NameplateWeightInHours(sum, sumOfSquares, count, nameplate);
        var curve = new double[Bins];
        for (var b = 0; b < Bins; b++) curve[b] = (sum[b] + priorHours * nameplate[b]) / (count[b] + priorHours);

        double[][]? bySector = null;
        if (sectorHours.Count(h => h >= MinHoursPerSector) >= 2)
        {
            bySector = new double[Sectors][];
            for (var s = 0; s < Sectors; s++)
            {
                bySector[s] = new double[Bins];
                for (var b = 0; b < Bins; b++)
                {
                    bySector[s][b] = sectorHours[s] >= MinHoursPerSector && sectorCount[s, b] >= MinHoursPerSectorBin
                        ? sectorSum[s, b] / sectorCount[s, b]
                        : curve[b];
                }
            }
        }

        return new WindCalibration(BinWidthMs, curve, bySector, ignoresDensity);
    }

    /// <summary>
    /// How many hours of evidence the nameplate curve is worth in a speed bin: each bin's value is
    /// (n·bin mean + k·nameplate) / (n + k), the posterior mean of a bin whose true value scatters around the nameplate
    /// curve with variance τ², seen through n hours of within-bin variance σ² (empirical Bayes; k = σ²/τ²). Both are
    /// measured on the plant's own hours: σ² pooled over the bins, τ² from the well-filled bins' distance to the
    /// nameplate less their sampling noise. A sparse bin (the few hours near rated power of a calm year) then follows
    /// its own hours as far as the plant's scatter allows, instead of jumping to a nameplate curve that may sit 5 % of
    /// capacity off where the data around it says otherwise; a plant whose hours scatter widely, or whose nameplate
    /// fits, leans on the nameplate more.
    /// </summary>
    private static double NameplateWeightInHours(double[] sum, double[] sumOfSquares, int[] count, double[] nameplate)
    {
        var (within, degrees) = (0.0, 0);
        for (var b = 0; b < count.Length; b++)
        {
            if (count[b] < 2) continue;
            within += sumOfSquares[b] - sum[b] * sum[b] / count[b];
            degrees += count[b] - 1;
        }

        // Nothing to measure the scatter or the nameplate's distance by: the nameplate counts as a well-filled bin.
        if (degrees == 0) return MinHoursPerBin;
        var noise = Math.Max(within / degrees, VarianceFloor);
        var (distance, filled) = (0.0, 0);
        for (var b = 0; b < count.Length; b++)
        {
            if (count[b] < MinHoursPerBin) continue;
            var mean = sum[b] / count[b];
            distance += (mean - nameplate[b]) * (mean - nameplate[b]) - noise / count[b];
            filled++;
        }

        return filled == 0 ? MinHoursPerBin : noise / Math.Max(distance / filled, VarianceFloor);
    }

    // (0.1 % of capacity)²: below this, variances are rounding, and a ratio of two of them means nothing.
    private const double VarianceFloor = 1e-6;

    private static PlantCalibration FitSolar(PlantModel plant, HourlyFeatureTable table)
    {
        var power = table.PowerNorm;
        var nameplate = table.Observed["pvwatts_kw_norm"];
        var unavailable = table.UnavailableLabel;
        var hours = new List<int>();
        for (var i = table.FirstRow; i < table.Hours; i++)
        {
            if (table.SunUp[i] && !float.IsNaN(power[i]) && nameplate[i] >= MinSolarShare && !unavailable[i]) hours.Add(i);
        }

        var identity = new PlantCalibration(null, new SolarCalibration(1, 0, 0, 1), hours.Count);
        if (hours.Count < MinSolarHours) return identity;

        var clip = ClipLevel(hours.Select(i => (double)power[i]).Order().ToArray());

        var unclipped = hours.Where(i => power[i] < AtLimitShare * clip).Select(i => SolarHour(plant, table, i)).ToList();
        if (unclipped.Count < MinSolarHours) return identity;

        var fitted = SolarOrientationFit.Fit(plant, unclipped);
        var (tilt, azimuth) = fitted ?? (plant.TiltDeg, plant.AzimuthDeg);
        var c = SolarOrientationFit.FitCoefficients(plant, unclipped, tilt, azimuth);
        return new PlantCalibration(null, new SolarCalibration(c[0], c[1], c[2], clip, fitted?.TiltDeg, fitted?.AzimuthDeg), unclipped.Count);
    }

    // The day by the sun's clock (UTC shifted by longitude ÷ 15°/h), so that one day's daylight hours stay together.
    private static int LocalSolarDay(HourlyFeatureTable table, PlantModel plant, int i) =>
        (int)Math.Floor((table.Start.AddHours(i) - DateTimeOffset.UnixEpoch).TotalHours / 24 + plant.Site.LongitudeDeg / 360);

    private static SolarOrientationFit.Hour SolarHour(PlantModel plant, HourlyFeatureTable table, int i)
    {
        var w = table.Observed;
        var sun = plant.SunForHour(table.Start.AddHours(i));
        var (ghi, dni, dhi) = ((double)w["ghi"][i], (double)w["dni"][i], (double)w["dhi"][i]);
        if (double.IsNaN(dni) || double.IsNaN(dhi)) (dni, dhi) = Decomposition.Erbs(ghi, sun);
        return new SolarOrientationFit.Hour(LocalSolarDay(table, plant, i), sun, ghi, dni, dhi, w["temp"][i], w["wind_speed_10m"][i], Math.Max(0, table.PowerNorm[i]));
    }

    /// <summary>The output level the plant is capped at, as a share of capacity; 1 when no cap shows in the data.</summary>
    private static double ClipLevel(double[] sorted)
    {
        if (sorted.Length == 0) return 1;
        var top = sorted[^1];
        var (best, bestCount, bestEnd) = (1.0, 0, sorted.Length);
        var lo = 0;
        for (var hi = 0; hi < sorted.Length; hi++)
        {
            if (sorted[hi] < 0.5 * top) continue;
            while (sorted[hi] - sorted[lo] > LimitBandShare) lo++;
            var count = hi - lo + 1;
            if (count >= bestCount) (best, bestCount, bestEnd) = (sorted[hi], count, hi + 1);
        }

        var above = sorted.Length - bestEnd;
        return bestCount >= MinShareAtLimit * sorted.Length && above < bestCount ? best : Math.Max(1, top);
    }

}
