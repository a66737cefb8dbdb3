using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Contracts.Families;

namespace SolarSync.Modules.Training.Families;

/// <summary>A trained family with its point forecasts of the calibration split and their RMSE (÷ capacity).</summary>
internal sealed record FamilyCandidate(string Family, IForecaster Forecaster, float[] CalibrationP50, double ValidationRmse);

/// <summary>
/// Trains every family on the same split and picks the one with the lowest RMSE on the calibration split: data no
/// family trained or early-stopped on, and never the test split.
/// </summary>
internal static class FamilySelection
{
    public static List<FamilyCandidate> TrainAll(FamilySplits splits, IReadOnlyList<IFamilyTrainer> trainers, AvailabilityOutlook? availability,
        FamilyTrainingContext context, CancellationToken ct)
    {
        var candidates = new List<FamilyCandidate>();
        try
        {
            foreach (var trainer in trainers)
            {
                ct.ThrowIfCancellationRequested();
                var forecaster = trainer.Train(splits, context, ct);
                var p50 = TrainedModel.Finish(splits.Calibration, forecaster.Predict(splits.Calibration), availability, splits.Solar);
                var rmse = Rmse(p50, splits.Calibration, splits.Solar);
                context.Log.WriteLine($"  [{trainer.Family}] validation RMSE {rmse:F5} of capacity");
                candidates.Add(new FamilyCandidate(trainer.Family, forecaster, p50, rmse));
            }

            return candidates;
        }
        catch
        {
            foreach (var c in candidates) c.Forecaster.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The trained candidates plus the ensemble of the two best (inverse-MSE weighted mean), scored on the same
    /// calibration split. Two members, not all: a served forecast runs every member, so two bound its cost to two
    /// model passes (one network and the trees, when those are the best two). The ensemble owns its members' forecasters: dispose the candidates with
    /// <see cref="DisposeAllBut"/>.
    /// </summary>
    public static List<FamilyCandidate> WithEnsemble(List<FamilyCandidate> candidates, FamilySplits splits, TextWriter log)
    {
        const int ensembleSize = 2;
        var members = candidates.Where(c => double.IsFinite(c.ValidationRmse)).OrderBy(c => c.ValidationRmse).Take(ensembleSize).ToList();
        if (members.Count < 2) return candidates;
        var weights = EnsembleForecaster.InverseMseWeights(members.Select(c => c.ValidationRmse).ToArray());
        var p50 = new float[members[0].CalibrationP50.Length];
        for (var m = 0; m < members.Count; m++)
        {
            for (var i = 0; i < p50.Length; i++) p50[i] += (float)(weights[m] * members[m].CalibrationP50[i]);
        }

        var rmse = Rmse(p50, splits.Calibration, splits.Solar);
        log.WriteLine($"  [{ModelFamilies.Ensemble}] weights {string.Join(", ", members.Select((c, m) => $"{c.Family} {weights[m]:F2}"))}; validation RMSE {rmse:F5} of capacity");
        var ensemble = new EnsembleForecaster(members.Select(c => c.Forecaster).ToList(), weights);
        return [.. candidates, new FamilyCandidate(ModelFamilies.Ensemble, ensemble, p50, rmse)];
    }

    /// <summary>Disposes every candidate's forecaster except the one kept (an ensemble keeps its members).</summary>
    public static void DisposeAllBut(IReadOnlyList<FamilyCandidate> candidates, FamilyCandidate? kept)
    {
        var keep = new HashSet<IForecaster>(ReferenceEqualityComparer.Instance);
        if (kept is not null)
        {
            keep.Add(kept.Forecaster);
            if (kept.Forecaster is EnsembleForecaster e) foreach (var m in e.Members) keep.Add(m);
        }

        foreach (var c in candidates)
        {
            if (keep.Contains(c.Forecaster) || c.Forecaster is EnsembleForecaster) continue;
            c.Forecaster.Dispose();
        }
    }

    /// <summary>
    /// A single family must beat the ensemble's validation RMSE by this share to be chosen over it. A validation split
    /// of a few weeks ranks close families by chance; the ensemble averages that chance away (its members' errors are
    /// partly independent), so it needs no proof beyond a tie.
    /// </summary>
    public const double EnsemblePreferenceShare = 0.02;

    /// <summary>
    /// The candidate with the lowest validation RMSE (on a tie the earlier one, trainers' order), except that the
    /// ensemble is kept unless a single family is lower by <see cref="EnsemblePreferenceShare"/>.
    /// </summary>
    public static FamilyCandidate Select(IReadOnlyList<FamilyCandidate> candidates)
    {
        var best = candidates.Where(c => double.IsFinite(c.ValidationRmse)).MinBy(c => c.ValidationRmse)
            ?? throw new InvalidOperationException("No family produced a finite validation error.");
        var ensemble = candidates.FirstOrDefault(c => c.Family == ModelFamilies.Ensemble && double.IsFinite(c.ValidationRmse));
        return ensemble is not null && best.ValidationRmse > ensemble.ValidationRmse * (1 - EnsemblePreferenceShare) ? ensemble : best;
    }

    /// <summary>RMSE ÷ capacity over the hours with a known target (solar: daylight only, nights are 0 for every family).</summary>
    public static double Rmse(float[] p50, FeatureSamples samples, bool solar)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < p50.Length; i++)
        {
            var y = samples.Target[i];
            if (float.IsNaN(y) || (solar && !samples.Daylight[i])) continue;
            var e = p50[i] - y;
            sum += e * e;
            n++;
        }

        return n == 0 ? double.NaN : Math.Sqrt(sum / n);
    }
}
