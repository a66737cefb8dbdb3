using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Shared.Forecasting;

namespace SolarSync.Modules.Training.Families;

/// <summary>
/// A trained family with its point forecasts of the calibration split: <see cref="RunningP50"/> of the running plant
/// (what the family learned), <see cref="CalibrationP50"/> as served (times the availability outlook, for generating plants), and the
/// running forecast's RMSE (÷ capacity) over the hours the plant was available.
/// </summary>
internal sealed record FamilyCandidate(string Family, IForecaster Forecaster, float[] RunningP50, float[] CalibrationP50, double ValidationRmse);

/// <summary>
/// Trains every family on the same split and picks the one with the lowest RMSE on the calibration split (an ensemble
/// only when its gain is beyond noise, <see cref="Select"/>): data no family trained or early-stopped on, and never the
/// test split. Families are compared on the hours a generating plant was available, forecasting the running plant: that
/// is what they learn, while the outages are the availability outlook's part and the same for every family. Scored on
/// every hour with the outlook applied, a family biased low would gain on the outage hours of the validation period,
/// rewarded for making up for the outlook where outages happened to be frequent rather than for forecasting the plant's
/// output.
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
                var running = TrainedModel.Finish(splits.Calibration, forecaster.Predict(splits.Calibration), availability: null, splits.Solar);
                var rmse = Rmse(running, splits.Calibration, splits.Solar);
                var served = Served(running, splits, availability);
                context.Log.WriteLine($"  [{trainer.Family}] validation RMSE {rmse:F5} of capacity{EveryHour(served, splits, availability)}");
                candidates.Add(new FamilyCandidate(trainer.Family, forecaster, running, served, rmse));
            }

            return candidates;
        }
        catch
        {
            foreach (var c in candidates) c.Forecaster.Dispose();
            throw;
        }
    }

    /// <summary>The least weight either member of an ensemble must have for it to be offered (<see cref="WithEnsemble"/>).</summary>
    public const double MinMemberWeight = 0.05;

    /// <summary>
    /// The trained candidates plus an ensemble of two of them, w·first + (1 − w)·second. w is the combination with the
    /// lowest squared error on the calibration split (Bates &amp; Granger 1969): it accounts for how far the two families
    /// err alike, which inverse-MSE weights ignore and so give a weaker family nearly half the say when both err together.
    /// Scored on the hours its weight was fitted on, the ensemble could never lose to its members, however little the
    /// weight generalises; so it is scored cross-fitted (<see cref="CrossFittedCombination"/>) and is selected only where
    /// combining really helps on days its weight did not see. Of all pairs, the one whose combination scores lowest so is
    /// offered, not simply the two best alone: two networks that err alike gain little from each other, while a tree
    /// model and a network, whose errors differ, can gain more though one of them ranks third. Two members, not all: a
    /// served forecast runs every member, so two bound its cost to two model passes. Nor is a pair offered where either
    /// member would weigh less than <see cref="MinMemberWeight"/>: it would be its better member in all but name, at
    /// twice the cost of a forecast. The ensemble owns its members' forecasters: dispose the candidates with
    /// <see cref="DisposeAllBut"/>.
    /// </summary>
    public static List<FamilyCandidate> WithEnsemble(List<FamilyCandidate> candidates, FamilySplits splits, AvailabilityOutlook? availability, TextWriter log)
    {
        var ranked = candidates.Where(c => double.IsFinite(c.ValidationRmse)).OrderBy(c => c.ValidationRmse).ToList();
        (FamilyCandidate First, FamilyCandidate Second, double Weight, float[] P50, float[] Served, double Rmse)? best = null;
        for (var a = 0; a < ranked.Count; a++)
        {
            for (var b = a + 1; b < ranked.Count; b++)
            {
                var (first, second) = (ranked[a], ranked[b]);
                var w = CombinationWeight(first.RunningP50, second.RunningP50, splits.Calibration, splits.Solar);
                if (Math.Min(w, 1 - w) < MinMemberWeight)
                {
                    log.WriteLine($"  [{ModelFamilies.Ensemble}] {first.Family} + {second.Family} not offered: they would weigh {w:F3} and {1 - w:F3}");
                    continue;
                }

                var p50 = CrossFittedCombination(first.RunningP50, second.RunningP50, splits.Calibration, splits.Solar);
                var rmse = Rmse(p50, splits.Calibration, splits.Solar);
                var served = Served(p50, splits, availability);
                log.WriteLine($"  [{ModelFamilies.Ensemble}] {first.Family} {w:F2} + {second.Family} {1 - w:F2}: validation RMSE {rmse:F5} of capacity (cross-fitted)" +
                    EveryHour(served, splits, availability));
                if (best is null || rmse < best.Value.Rmse) best = (first, second, w, p50, served, rmse);
            }
        }

        if (best is not { } chosen) return candidates;
        var ensemble = new EnsembleForecaster([chosen.First.Forecaster, chosen.Second.Forecaster], [chosen.Weight, 1 - chosen.Weight]);
        return [.. candidates, new FamilyCandidate(ModelFamilies.Ensemble, ensemble, chosen.P50, chosen.Served, chosen.Rmse)];
    }

    // For the log: the served forecast's error over every hour, outages included, which is how a plant is judged.
    private static string EveryHour(float[] served, FamilySplits splits, AvailabilityOutlook? availability) =>
        availability is null ? "" : $" on available hours, {Rmse(served, splits.Calibration, splits.Solar, availableOnly: false):F5} on every hour as served";

    // The outlook scales each hour by a share of its sample and lead, so the served forecast of a combination is the
    // combination of its members' served forecasts.
    private static float[] Served(float[] running, FamilySplits splits, AvailabilityOutlook? availability) =>
        availability is null ? running : TrainedModel.Finish(splits.Calibration, (float[])running.Clone(), availability, splits.Solar);

    /// <summary>
    /// The weight w in [0, 1] of <paramref name="first"/> that minimises the squared error of w·first + (1 − w)·second
    /// over the hours <see cref="Counts"/> (and <paramref name="counted"/>): w = (E[e₂²] − E[e₁e₂]) / E[(e₁ − e₂)²], clipped; 1 when the two are the same.
    /// </summary>
    public static double CombinationWeight(float[] first, float[] second, FeatureSamples samples, bool solar, bool[]? counted = null)
    {
        var (cross, secondSquared, differenceSquared) = (0.0, 0.0, 0.0);
        for (var i = 0; i < first.Length; i++)
        {
            if (!Counts(samples, solar, i) || counted?[i] == false) continue;
            var y = samples.Target[i];
            var (e1, e2) = ((double)first[i] - y, (double)second[i] - y);
            cross += e1 * e2;
            secondSquared += e2 * e2;
            differenceSquared += (e1 - e2) * (e1 - e2);
        }

        return differenceSquared > 0 ? Math.Clamp((secondSquared - cross) / differenceSquared, 0, 1) : 1;
    }

    /// <summary>
    /// The combination's forecast of the calibration split, each day forecast with the weight fitted on all the other
    /// days (leave one day out: hours of a day share their weather, so a day is the unit left out). Its error is what
    /// the weight earns on days it was not fitted to, with nearly all the data the served weight has. With one day there
    /// are no others: w = 1.
    /// </summary>
    public static float[] CrossFittedCombination(float[] first, float[] second, FeatureSamples samples, bool solar)
    {
        var dayOfHour = IssueDayOfHour(samples);
        var p50 = new float[first.Length];
        foreach (var day in dayOfHour.Distinct())
        {
            var others = dayOfHour.Select(d => d != day).ToArray();
            var w = others.Contains(true) ? CombinationWeight(first, second, samples, solar, others) : 1;
            for (var i = 0; i < p50.Length; i++)
            {
                if (!others[i]) p50[i] = (float)(w * first[i] + (1 - w) * second[i]);
            }
        }

        return p50;
    }

    // Each forecast hour's issue day (UTC), flattened like the samples' targets: the unit days are compared and left out by.
    private static DateOnly[] IssueDayOfHour(FeatureSamples samples)
    {
        var dayOfHour = new DateOnly[samples.Count * samples.Horizon];
        for (var s = 0; s < samples.Count; s++) Array.Fill(dayOfHour, DateOnly.FromDateTime(samples.IssueTimes[s].UtcDateTime), s * samples.Horizon, samples.Horizon);
        return dayOfHour;
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

    /// <summary>How many standard errors the ensemble's mean daily gain over the best single family must exceed (<see cref="Select"/>).</summary>
    public const double EnsembleGainStandardErrors = 1;

    /// <summary>
    /// The candidate with the lowest validation RMSE; on a tie the earlier one (trainers' order). The ensemble, which
    /// costs two model passes per forecast, must also beat the best single family by more than the noise of its
    /// estimate: its mean daily gain in squared error over the calibration days above one standard error (the
    /// one-standard-error rule: of models whose errors are within one standard error, the simplest; Hastie, Tibshirani
    /// &amp; Friedman 2009, §7.10). Else the single family is served.
    /// </summary>
    public static FamilyCandidate Select(IReadOnlyList<FamilyCandidate> candidates, FamilySplits splits, TextWriter? log = null)
    {
        var finite = candidates.Where(c => double.IsFinite(c.ValidationRmse)).ToList();
        var single = finite.Where(c => c.Family != ModelFamilies.Ensemble).MinBy(c => c.ValidationRmse);
        var ensemble = finite.FirstOrDefault(c => c.Family == ModelFamilies.Ensemble);
        if (single is null) return ensemble ?? throw new InvalidOperationException("No family produced a finite validation error.");
        if (ensemble is null || ensemble.ValidationRmse >= single.ValidationRmse) return single;
        var z = GainInStandardErrors(ensemble, single, splits);
        var selected = z > EnsembleGainStandardErrors;
        log?.WriteLine($"  [{ModelFamilies.Ensemble}] {1 - ensemble.ValidationRmse / single.ValidationRmse:P1} below {single.Family} on validation, " +
            $"a daily gain of {z:F2} standard errors: {(selected ? "selected" : "not selected, within one")}");
        return selected ? ensemble : single;
    }

    private static double GainInStandardErrors(FamilyCandidate candidate, FamilyCandidate baseline, FamilySplits splits)
    {
        var samples = splits.Calibration;
        var dayOfHour = IssueDayOfHour(samples);
        var (days, candidateErrors, baselineErrors) = (new List<int>(), new List<double>(), new List<double>());
        for (var i = 0; i < candidate.RunningP50.Length; i++)
        {
            if (!Counts(samples, splits.Solar, i)) continue;
            days.Add(dayOfHour[i].DayNumber);
            candidateErrors.Add(Math.Pow(candidate.RunningP50[i] - samples.Target[i], 2));
            baselineErrors.Add(Math.Pow(baseline.RunningP50[i] - samples.Target[i], 2));
        }

        return DailyErrorComparison.GainInStandardErrors(days, candidateErrors, baselineErrors);
    }

    /// <summary>RMSE ÷ capacity over the hours <see cref="Counts"/> (with <paramref name="availableOnly"/> false, outage hours too).</summary>
    public static double Rmse(float[] p50, FeatureSamples samples, bool solar, bool availableOnly = true)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < p50.Length; i++)
        {
            if (!Counts(samples, solar, i, availableOnly)) continue;
            var e = p50[i] - samples.Target[i];
            sum += e * e;
            n++;
        }

        return n == 0 ? double.NaN : Math.Sqrt(sum / n);
    }

    /// <summary>
    /// Whether an hour counts in scoring and combining families: its output is known, for solar the sun is up (nights
    /// are 0 for every family), and a generating plant was available (outage and curtailment hours are the outlook's).
    /// </summary>
    private static bool Counts(FeatureSamples samples, bool solar, int i, bool availableOnly = true) =>
        !float.IsNaN(samples.Target[i]) && (!solar || samples.Daylight[i])
        && !(availableOnly && samples.Unavailable.Length == samples.Target.Length && samples.Unavailable[i]);
}
