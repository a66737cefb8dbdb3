using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Training.Domain.Evaluation;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>
/// One track's test hours, flattened over (issue time, lead hour), with the model's p10/p50/p90 and every
/// baseline's prediction for the same hours, all in kW. NaN where a value is unknown.
/// </summary>
internal sealed record TrackPredictions(
    DateTimeOffset[] Hours, double[] ActualKw, double[] P50Kw, double[] P10Kw, double[] P90Kw,
    double[] Persistence24hKw, double[] SmartPersistenceKw, double[] PhysicalKw, double[] Regression)
{
    /// <summary>The family chosen on validation data, whose forecast <see cref="P50Kw"/> is.</summary>
    public string SelectedFamily { get; init; } = "";

    /// <summary>Every trained family's point forecast, kW, on the same hours.</summary>
    public IReadOnlyDictionary<string, double[]> FamilyP50Kw { get; init; } = new Dictionary<string, double[]>();

    /// <summary>The calibrated physical model, kW (NaN without weather).</summary>
    public double[] CalibratedKw { get; init; } = [];

    /// <summary>Hours the plant was unavailable (outage, curtailment), by the availability rule.</summary>
    public bool[] Unavailable { get; init; } = [];

    /// <summary>Hours that count towards interval coverage and width (solar: daylight); null for all.</summary>
    public bool[]? CoverageHours { get; init; }

    /// <param name="test">The test samples before scaling (baselines read raw feature values).</param>
    /// <param name="regressionKw">The linear-regression baseline, already in kW.</param>
    public static TrackPredictions From(FeatureSamples test, double[] p50Kw, ConformalCalibration conformal, double capacity, bool solar,
        bool latestSmartPersistence, double[] regressionKw)
    {
        var n = test.Count * test.Horizon;
        var hours = new DateTimeOffset[n];
        double[] actual = new double[n], p10 = new double[n], p50 = new double[n], p90 = new double[n];
        double[] persistence = new double[n], physical = new double[n];
        var sameHourYesterday = test.DecoderColumn("power_same_hour_1d");
        var smart = ComputeSmartPersistenceKw(test, capacity, solar, latestSmartPersistence);
        var ceiling = IntervalCeiling.Of(test);

        for (var s = 0; s < test.Count; s++)
        {
            for (var k = 0; k < test.Horizon; k++)
            {
                var i = s * test.Horizon + k;
                hours[i] = test.IssueTimes[s].AddHours(k);
                actual[i] = test.Target[i] * capacity;
                (p10[i], p50[i], p90[i]) = conformal.Apply(p50Kw[i], k + 1, !solar || test.Daylight[i], capacity, ceiling?[i] * capacity);
                physical[i] = test.PhysicalKw[i];
                persistence[i] = test.Decoder[i * test.DecoderWidth + sameHourYesterday] * capacity;
            }
        }
        return new TrackPredictions(hours, actual, p50, p10, p90, persistence, smart, physical, regressionKw)
        {
            CalibratedKw = test.CalibratedKw.Select(v => (double)v).ToArray(),
            Unavailable = test.Unavailable.Length == n ? test.Unavailable : new bool[n],
        };
    }

    /// <summary>
    /// The reference forecast of the skill score, kW, from unscaled samples: wind persists the last observed output;
    /// solar persists a clear-sky index — the latest hour's when <paramref name="latest"/> and it is known (1–6 h
    /// ahead), otherwise the same hour's of the day before (day-ahead) — and is 0 with the sun down.
    /// </summary>
    public static double[] ComputeSmartPersistenceKw(FeatureSamples test, double capacity, bool solar, bool latest)
    {
        var smart = new double[test.Count * test.Horizon];
        var dayAheadSmart = solar ? test.DecoderColumn("smart_persistence_kw_norm") : -1;
        var lastPower = test.EncoderColumn("power_norm");
        var lastClearSkyIndex = solar ? test.EncoderColumn("power_clear_sky_index") : -1;
        for (var s = 0; s < test.Count; s++)
        {
            var lastRow = (s * test.Lookback + test.Lookback - 1) * test.EncoderWidth;
            for (var k = 0; k < test.Horizon; k++)
            {
                var i = s * test.Horizon + k;
                smart[i] = !solar ? test.Encoder[lastRow + lastPower] * capacity
                    : !test.Daylight[i] ? 0
                    : latest && test.Encoder[lastRow + lastClearSkyIndex] is var csi && float.IsFinite(csi) && csi > 0
                        ? Math.Min(csi * test.ClearSkyKw[i], capacity)
                        : test.Decoder[i * test.DecoderWidth + dayAheadSmart] * capacity;
            }
        }

        return smart;
    }
}
