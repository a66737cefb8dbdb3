using SolarSync.Modules.Training.Retrain;

namespace SolarSync.Tests.Training.Registry;

public sealed class PromotionGateTests
{
    [Test]
    public void A_candidate_2_percent_better_than_both_passes()
    {
        // 0.098 = 0.98 × 0.100: exactly the margin.
        var verdict = PromotionGate.Decide(candidateMae: 0.098, smartPersistenceMae: 0.100, productionMae: 0.100, marginPct: 2);
        Assert.That(verdict.Passes, Is.True, verdict.Reason);
    }

    [Test]
    public void A_candidate_less_than_the_margin_better_than_smart_persistence_fails()
    {
        var verdict = PromotionGate.Decide(0.099, smartPersistenceMae: 0.100, productionMae: null, marginPct: 2);
        Assert.That(verdict.Passes, Is.False);
        Assert.That(verdict.Reason, Does.Contain("smart persistence"));
    }

    [Test]
    public void A_candidate_that_beats_persistence_but_not_production_fails()
    {
        var verdict = PromotionGate.Decide(0.080, smartPersistenceMae: 0.100, productionMae: 0.081, marginPct: 2);
        Assert.That(verdict.Passes, Is.False);
        Assert.That(verdict.Reason, Does.Contain("Production"));
    }

    [Test]
    public void Without_a_comparable_production_model_only_smart_persistence_counts()
    {
        var verdict = PromotionGate.Decide(0.080, smartPersistenceMae: 0.100, productionMae: null, marginPct: 2);
        Assert.That(verdict.Passes, Is.True);
        Assert.That(verdict.Reason, Does.Contain("no comparable Production"));
    }

    [Test]
    public void A_candidate_without_a_score_never_passes()
    {
        Assert.That(PromotionGate.Decide(double.NaN, 0.1, null, 2).Passes, Is.False);
    }
}
