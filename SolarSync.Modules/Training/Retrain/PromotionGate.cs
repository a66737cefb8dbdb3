namespace SolarSync.Modules.Training.Retrain;

/// <summary>The verdict on a Candidate; MAEs are capacity-normalised and taken over the same test hours.</summary>
internal sealed record PromotionVerdict(bool Passes, string Reason, double CandidateMae, double SmartPersistenceMae, double? ProductionMae, double MarginPct);

/// <summary>
/// docs/architecture.md §5: a Candidate becomes Production only if its MAE is below both smart persistence's and the current
/// Production model's by the margin (default 2 %): MAE_candidate ≤ (1 − margin) × MAE_other.
/// </summary>
internal static class PromotionGate
{
    public static PromotionVerdict Decide(double candidateMae, double smartPersistenceMae, double? productionMae, double marginPct)
    {
        var factor = 1 - marginPct / 100;
        PromotionVerdict Verdict(bool passes, string reason) => new(passes, reason, candidateMae, smartPersistenceMae, productionMae, marginPct);

        if (!double.IsFinite(candidateMae)) return Verdict(false, "the candidate has no test score");
        if (double.IsFinite(smartPersistenceMae) && candidateMae > factor * smartPersistenceMae)
        {
            return Verdict(false, $"MAE {candidateMae:F4} does not beat smart persistence ({smartPersistenceMae:F4}) by {marginPct:G} %");
        }

        if (productionMae is { } production && double.IsFinite(production) && candidateMae > factor * production)
        {
            return Verdict(false, $"MAE {candidateMae:F4} does not beat the Production model ({production:F4}) by {marginPct:G} %");
        }

        return Verdict(true, productionMae is null
            ? $"MAE {candidateMae:F4} beats smart persistence ({smartPersistenceMae:F4}) by at least {marginPct:G} %; no comparable Production model"
            : $"MAE {candidateMae:F4} beats smart persistence ({smartPersistenceMae:F4}) and Production ({productionMae:F4}) by at least {marginPct:G} %");
    }
}
