using System.Text.Json;
using SolarSync.Modules.Shared.Forecasting;

namespace SolarSync.Modules.Models.Contracts.Intervals;

/// <summary>
/// Quantiles of validation residuals (actual − p50, kW) for one horizon bucket. <see cref="Count"/> is how many
/// residuals of this bucket were calibrated on; 0 means the offsets were borrowed from the nearest bucket with data.
/// <see cref="Levels"/> (normalised calibration only) refines them by output level.
/// </summary>
internal sealed record ConformalBucket(
    int FromHour, int ToHour, double LowerOffsetKw, double UpperOffsetKw, int Count, IReadOnlyList<ConformalLevel>? Levels = null)
{
    // Value equality over the levels too (a record compares a list by reference).
    public bool Equals(ConformalBucket? other) =>
        other is not null && FromHour == other.FromHour && ToHour == other.ToHour && LowerOffsetKw == other.LowerOffsetKw
        && UpperOffsetKw == other.UpperOffsetKw && Count == other.Count
        && (Levels ?? []).SequenceEqual(other.Levels ?? []);

    public override int GetHashCode() => HashCode.Combine(FromHour, ToHour, LowerOffsetKw, UpperOffsetKw, Count);
}

/// <summary>
/// Offsets for forecasts whose share of capacity lies in [<see cref="FromShare"/>, <see cref="ToShare"/>). Output is
/// bounded at 0 and at capacity, so residuals near the bounds are one-sided (a calm hour can only be over-forecast, an
/// hour at rated power only under-forecast): pooled with mid-range hours, a season with more hours near one bound
/// than the calibration period gets intervals on the wrong side. Calibrating each level apart (Mondrian conformal
/// prediction, Vovk et al. 2005 §4.5) keeps 80 % coverage within every level.
/// </summary>
internal sealed record ConformalLevel(double FromShare, double ToShare, double LowerOffset, double UpperOffset, int Count);

/// <summary>
/// Split conformal 80 % intervals (p10/p50/p90) around a point forecast, calibrated per horizon bucket on the
/// validation split and saved with the model as JSON. Hours where the actual or p50 is NaN are skipped.
/// </summary>
/// <param name="DaylightOnly">
/// Calibrated on daylight hours only (solar): night residuals are exactly 0 and would shrink the quantiles, so
/// night hours are left out and given the interval [0, 0].
/// </param>
/// <param name="FloorShare">
/// The lowest output the plant really reports, as a share of capacity (≤ 0: a parked turbine draws standby power):
/// p10 may reach down to it, so such hours are inside the interval rather than always below it.
/// </param>
/// <param name="ScaleByCeiling">
/// Normalised by each hour's ceiling, the most the plant can give in that hour (solar: its clear-sky output), instead
/// of its capacity: a clear autumn noon and a broken-cloud summer noon then get intervals of their own kind, and hours
/// of low sun narrow ones (see <see cref="IntervalCeiling"/>).
/// </param>
internal sealed record ConformalCalibration(bool DaylightOnly, IReadOnlyList<ConformalBucket> Buckets, double? ScaleCapacityKw = null,
    double FloorShare = 0, bool ScaleByCeiling = false)
{
    // The floor is the 1st percentile of the calibration actuals: a rare sensor glitch does not move it.
    private const double FloorQuantile = 0.01;

    /// <summary>
    /// The error scale of normalised calibration at a forecast of <paramref name="p50Kw"/>: capacity × (0.05 + p(1 − p))
    /// with p the forecast share of capacity. Errors of both plant types are largest mid-range (steep part of a power
    /// curve, broken clouds) and small near zero and full output; dividing residuals by this scale lets one quantile
    /// serve calm and windy weeks alike (normalised split conformal, Lei et al. 2018 §5.2).
    /// </summary>
    public static double ErrorScaleKw(double p50Kw, double capacityKw)
    {
        var p = Math.Clamp(p50Kw / capacityKw, 0, 1);
        return capacityKw * (0.05 + p * (1 - p));
    }

    // 80 % central interval: 10 % in each tail.
    private const double TailProbability = 0.10;

    /// <summary>Output levels of normalised calibration, as shares of capacity: near zero, mid-range, near full output.</summary>
    private static readonly (double From, double To)[] LevelBounds = [(0, 0.05), (0.05, 0.95), (0.95, 1)];

    // A level with fewer distinct hours than this keeps the bucket's pooled offsets: a quantile of a few hours is noise.
    private const int MinimumLevelHours = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Calibrates on validation hours. <paramref name="horizonHours"/> gives each hour's lead time; hours outside
    /// every bucket are skipped. When <paramref name="isDaylight"/> is given, only daylight hours are calibrated on
    /// (see <see cref="DaylightOnly"/>). Buckets default to 1-6, 7-24, 25-48 and 49-168 h.
    /// <paramref name="hourKeys"/> name the plant hour each residual is of: samples issued an hour apart forecast
    /// nearly the same hours, so one hour's residuals at neighbouring leads are not separate draws. The finite-sample
    /// correction then counts distinct hours, not residuals (without keys every residual is its own hour).
    /// </summary>
    public static ConformalCalibration Fit(
        ReadOnlySpan<double> actualKw,
        ReadOnlySpan<double> p50Kw,
        ReadOnlySpan<int> horizonHours,
        ReadOnlySpan<bool> isDaylight = default,
        IReadOnlyList<HorizonBucket>? buckets = null,
        double? normaliseByCapacityKw = null,
        ReadOnlySpan<double> ceilingKw = default,
        ReadOnlySpan<long> hourKeys = default)
    {
        buckets ??= HorizonBucket.Defaults;
        HorizonBucket.Validate(buckets, nameof(buckets));
        if (p50Kw.Length != actualKw.Length || horizonHours.Length != actualKw.Length)
        {
            throw new ArgumentException("Actuals, p50 and horizons must be aligned (same length).", nameof(p50Kw));
        }

        if (!isDaylight.IsEmpty && isDaylight.Length != actualKw.Length)
        {
            throw new ArgumentException("The daylight flags must be aligned with the actuals.", nameof(isDaylight));
        }

        if (!ceilingKw.IsEmpty && (ceilingKw.Length != actualKw.Length || normaliseByCapacityKw is null))
        {
            throw new ArgumentException("Ceilings must be aligned with the actuals and come with a normalising capacity.", nameof(ceilingKw));
        }

        if (!hourKeys.IsEmpty && hourKeys.Length != actualKw.Length)
        {
            throw new ArgumentException("The hour keys must be aligned with the actuals.", nameof(hourKeys));
        }

        // Per bucket, and per bucket and output level: the residuals and the distinct hours they are of.
        var (residuals, hours) = (new List<double>[buckets.Count], new HashSet<long>[buckets.Count]);
        var (levelResiduals, levelHours) = (new List<double>[buckets.Count, LevelBounds.Length], new HashSet<long>[buckets.Count, LevelBounds.Length]);
        for (var b = 0; b < buckets.Count; b++)
        {
            (residuals[b], hours[b]) = ([], []);
            for (var l = 0; l < LevelBounds.Length; l++) (levelResiduals[b, l], levelHours[b, l]) = ([], []);
        }

        var nextKey = 0L;
        for (var i = 0; i < actualKw.Length; i++)
        {
            if (double.IsNaN(actualKw[i]) || double.IsNaN(p50Kw[i])) continue;
            if (!isDaylight.IsEmpty && !isDaylight[i]) continue;
            var b = HorizonBucket.IndexOf(buckets, horizonHours[i]);
            if (b < 0) continue;
            var residual = actualKw[i] - p50Kw[i];
            var hour = hourKeys.IsEmpty ? nextKey++ : hourKeys[i];
            if (normaliseByCapacityKw is { } capacity)
            {
                var ceiling = ceilingKw.IsEmpty ? capacity : Math.Clamp(ceilingKw[i], 0, capacity);
                if (!(ceiling > 0)) continue;
                var score = residual / ErrorScaleKw(p50Kw[i], ceiling);
                var level = LevelOf(p50Kw[i] / ceiling);
                residuals[b].Add(score);
                levelResiduals[b, level].Add(score);
                levelHours[b, level].Add(hour);
            }
            else
            {
                residuals[b].Add(residual);
            }

            hours[b].Add(hour);
        }

        var quantiles = new (double Lower, double Upper)?[buckets.Count];
        for (var b = 0; b < buckets.Count; b++)
        {
            if (residuals[b].Count > 0) quantiles[b] = TailQuantiles(residuals[b], hours[b].Count);
        }

        if (Array.TrueForAll(quantiles, q => q is null))
        {
            throw new ArgumentException("No validation hour with actual and p50 falls in any horizon bucket.", nameof(actualKw));
        }

        var calibrated = new ConformalBucket[buckets.Count];
        for (var b = 0; b < buckets.Count; b++)
        {
            var (lower, upper) = quantiles[b] ?? quantiles[NearestCalibrated(quantiles, b)]!.Value;
            IReadOnlyList<ConformalLevel>? levels = null;
            if (normaliseByCapacityKw is not null)
            {
                levels = Enumerable.Range(0, LevelBounds.Length).Select(l =>
                {
                    var cell = levelResiduals[b, l];
                    var cellHours = levelHours[b, l].Count;
                    var (levelLower, levelUpper) = cellHours >= MinimumLevelHours ? TailQuantiles(cell, cellHours) : (lower, upper);
                    return new ConformalLevel(LevelBounds[l].From, LevelBounds[l].To, levelLower, levelUpper, cell.Count);
                }).ToList();
            }

            calibrated[b] = new ConformalBucket(buckets[b].FromHour, buckets[b].ToHour, lower, upper, residuals[b].Count, levels);
        }

        return new ConformalCalibration(!isDaylight.IsEmpty, calibrated, normaliseByCapacityKw, Floor(actualKw, normaliseByCapacityKw),
            ScaleByCeiling: !ceilingKw.IsEmpty);
    }

    /// <summary>
    /// The 80 % interval around a point forecast, clipped to [0, capacity], with p10 ≤ p50 ≤ p90. Night hours of a
    /// daylight-only calibration give (0, 0, 0); a NaN p50 gives NaNs. Throws when the horizon is in no bucket.
    /// <paramref name="ceilingKw"/> is the hour's ceiling for a calibration <see cref="ScaleByCeiling"/> (capacity when null).
    /// </summary>
    public (double P10Kw, double P50Kw, double P90Kw) Apply(double p50Kw, int horizonHour, bool isDaylight, double capacityKw, double? ceilingKw = null)
    {
        if (!(capacityKw > 0)) throw new ArgumentOutOfRangeException(nameof(capacityKw), "Capacity must be positive.");
        if (DaylightOnly && !isDaylight) return (0, 0, 0);

        ConformalBucket? bucket = null;
        foreach (var candidate in Buckets)
        {
            if (horizonHour >= candidate.FromHour && horizonHour <= candidate.ToHour)
            {
                bucket = candidate;
                break;
            }
        }

        if (bucket is null)
        {
            throw new ArgumentOutOfRangeException(nameof(horizonHour), horizonHour, "No calibrated horizon bucket holds this horizon.");
        }

        if (double.IsNaN(p50Kw)) return (double.NaN, double.NaN, double.NaN);

        // The interval is centred on the forecast actually served, i.e. the clipped p50.
        var p50 = Math.Clamp(p50Kw, 0, capacityKw);
        // Served in the units it was calibrated in (kW of one plant, or shares of capacity).
        double? ceiling = ScaleCapacityKw is { } calibratedCapacity
            ? ScaleByCeiling && ceilingKw is { } c ? Math.Clamp(c, 0, calibratedCapacity) : calibratedCapacity
            : null;
        var scale = ceiling is { } top ? (top > 0 ? ErrorScaleKw(p50, top) : 0) : 1;
        var (lower, upper) = (bucket.LowerOffsetKw, bucket.UpperOffsetKw);
        if (ceiling is { } levelCeiling && levelCeiling > 0 && bucket.Levels is { Count: > 0 } levels)
        {
            var level = levels[Math.Min(LevelOf(p50 / levelCeiling), levels.Count - 1)];
            (lower, upper) = (level.LowerOffset, level.UpperOffset);
        }

        var p10 = Math.Clamp(p50 + lower * scale, FloorShare * capacityKw, capacityKw);
        var p90 = Math.Clamp(p50 + upper * scale, 0, capacityKw);

        // A biased model can have both residual quantiles on one side of zero; widening the interval to hold p50
        // keeps the quantiles ordered and can only raise coverage.
        return (Math.Min(p10, p50), p50, Math.Max(p90, p50));
    }

    private static double Floor(ReadOnlySpan<double> actual, double? capacityKw)
    {
        if (capacityKw is not > 0) return 0;
        var shares = new List<double>(actual.Length);
        foreach (var a in actual) if (double.IsFinite(a)) shares.Add(a / capacityKw.Value);
        if (shares.Count == 0) return 0;
        shares.Sort();
        return Math.Clamp(shares[(int)(FloorQuantile * (shares.Count - 1))], -0.05, 0);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ConformalCalibration FromJson(string json)
    {
        var calibration = JsonSerializer.Deserialize<ConformalCalibration>(json, Json);
        // A missing property reaches the constructor as null despite the non-nullable type.
        if (calibration?.Buckets is not { Count: > 0 })
        {
            throw new JsonException("The conformal calibration JSON holds no horizon buckets.");
        }

        return calibration;
    }

    // Value equality over the buckets too (a record compares a list by reference), so a saved and reloaded
    // calibration equals the original.
    public bool Equals(ConformalCalibration? other) =>
        other is not null && DaylightOnly == other.DaylightOnly && ScaleCapacityKw == other.ScaleCapacityKw && ScaleByCeiling == other.ScaleByCeiling
        && FloorShare == other.FloorShare && Buckets.SequenceEqual(other.Buckets);

    public override int GetHashCode() => HashCode.Combine(DaylightOnly, Buckets.Count);

    private static int LevelOf(double share)
    {
        for (var l = 0; l < LevelBounds.Length; l++)
        {
            if (share < LevelBounds[l].To) return l;
        }

        return LevelBounds.Length - 1;
    }

    // Split conformal with the finite-sample correction (Lei et al. 2018; Angelopoulos & Bates 2021, §1): the upper
    // offset is the ⌈(n+1)(1 − α/2)⌉-th smallest residual, i.e. the empirical quantile at level ⌈(n+1)·0.9⌉/n, and
    // the lower one the ⌊(n+1)α/2⌋-th. n counts the exchangeable units, the distinct hours: an hour's residuals at
    // several leads are one draw of its weather, and day-ahead forecasts issued every hour repeat each hour at up to
    // 24 leads. The level is set by the hours and read from all residuals. With fewer than 9 hours those ranks fall
    // outside 1..n (the exact interval would be unbounded); they are clamped to the extreme residuals, which
    // under-covers slightly.
    //
    // The interval must hold p50. Where the residuals are one-sided (a level at a bound of the output), the central
    // quantiles would both fall on one side and widening to p50 would cover 90 %; the interval is then p50 plus the
    // 80 % quantile on that side, which covers 80 %.
    private static (double Lower, double Upper) TailQuantiles(List<double> residuals, int hours)
    {
        residuals.Sort();
        var (lower, upper) = (Quantile(residuals, TailProbability, hours), Quantile(residuals, 1 - TailProbability, hours));
        if (lower > 0) return (0, Quantile(residuals, 1 - 2 * TailProbability, hours));
        if (upper < 0) return (Quantile(residuals, 2 * TailProbability, hours), 0);
        return (lower, upper);
    }

    /// <summary>
    /// The finite-sample conformal quantile of sorted residuals drawn from <paramref name="hours"/> distinct hours: level
    /// ⌈(h+1)p⌉/h upwards of the median, ⌊(h+1)p⌋/h below, read at that level of all residuals (with one residual an
    /// hour: rank ⌈(n+1)p⌉ or ⌊(n+1)p⌋).
    /// </summary>
    private static double Quantile(List<double> sorted, double p, int hours)
    {
        var n = sorted.Count;
        var h = Math.Max(hours, 1);
        var rank = p >= 0.5
            ? (int)Math.Ceiling(Math.Ceiling((h + 1) * p - 1e-9) / h * n - 1e-9)
            : (int)Math.Floor(Math.Floor((h + 1) * p + 1e-9) / h * n + 1e-9);
        return sorted[Math.Clamp(rank, 1, n) - 1];
    }

    // Errors grow with horizon, so the neighbouring bucket is the closest stand-in; on a tie the longer horizon wins,
    // being the wider (safer) of the two.
    private static int NearestCalibrated((double Lower, double Upper)?[] quantiles, int bucket)
    {
        for (var distance = 1; distance < quantiles.Length; distance++)
        {
            if (bucket + distance < quantiles.Length && quantiles[bucket + distance] is not null) return bucket + distance;
            if (bucket - distance >= 0 && quantiles[bucket - distance] is not null) return bucket - distance;
        }

        throw new InvalidOperationException("No calibrated bucket to borrow from.");
    }
}
