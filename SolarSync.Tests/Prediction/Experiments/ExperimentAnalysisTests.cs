using SolarSync.Modules.Prediction.Experiments;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.Experiments;

/// <summary>The experiment maths on constructed paired errors: hand-computed metrics, the test statistic and the verdicts.</summary>
public sealed class ExperimentAnalysisTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly SuccessCriteria MaeAt5Pct = new(SuccessCriteria.Mae, MinImprovementPct: 5, Alpha: 0.05);

    /// <summary>One site of 100 kW observing 50 kW every hour, errors (p50 − actual) cycling through the given values.</summary>
    private static List<PairedHour> Cycled(int hours, double[] championErrors, double[] challengerErrors) =>
        Enumerable.Range(0, hours).Select(i => new PairedHour(1, Start.AddHours(i), HorizonHour: 1 + i % 24, ActualKw: 50, CapacityKw: 100,
            Point(50 + championErrors[i % championErrors.Length]), Point(50 + challengerErrors[i % challengerErrors.Length]))).ToList();

    private static PointForecast Point(double p50) => new(p50, p50 - 5, p50 + 5);

    [Test]
    public void A_challenger_ten_percent_better_has_the_hand_computed_errors_and_wins()
    {
        // Champion |e| = 10 every hour; challenger errors 8, −10, 9, −9: MAE 9 (10 % lower), RMSE √81.5, bias −0.5.
        var pairs = Cycled(8 * 24, [10, -10, 10, -10], [8, -10, 9, -9]);

        var findings = ExperimentAnalysis.Analyse(pairs, "champ", "chall", minDays: 7, MaeAt5Pct);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Champion.All.Mae, Is.EqualTo(10).Within(1e-12));
            Assert.That(findings.Champion.All.Rmse, Is.EqualTo(10).Within(1e-12));
            Assert.That(findings.Champion.All.Bias, Is.EqualTo(0).Within(1e-12));
            Assert.That(findings.Challenger.All.Mae, Is.EqualTo(9).Within(1e-12));
            Assert.That(findings.Challenger.All.Rmse, Is.EqualTo(Math.Sqrt(81.5)).Within(1e-12));
            Assert.That(findings.Challenger.All.Bias, Is.EqualTo(-0.5).Within(1e-12));
            Assert.That(findings.Challenger.All.NmaePct, Is.EqualTo(9).Within(1e-12));
            Assert.That(findings.ImprovementPct, Is.EqualTo(10).Within(1e-9));
            Assert.That(findings.PairedDays, Is.EqualTo(8));
            Assert.That(findings.Test.MeanDifferential, Is.EqualTo(1).Within(1e-12));
            Assert.That(findings.Test.PValue, Is.LessThan(0.05));
            Assert.That(findings.Verdict, Is.EqualTo(ExperimentVerdicts.ChallengerWins));
        });
    }

    [Test]
    public void The_same_data_with_roles_swapped_is_a_champion_win_and_before_min_days_is_running()
    {
        var swapped = Cycled(8 * 24, [8, -10, 9, -9], [10, -10, 10, -10]);

        Assert.That(ExperimentAnalysis.Analyse(swapped, "a", "b", minDays: 7, MaeAt5Pct).Verdict, Is.EqualTo(ExperimentVerdicts.ChampionWins));
        Assert.That(ExperimentAnalysis.Analyse(swapped, "a", "b", minDays: 9, MaeAt5Pct).Verdict, Is.EqualTo(ExperimentVerdicts.Running));
    }

    [Test]
    public void A_significant_but_smaller_improvement_than_required_is_no_difference()
    {
        var pairs = Cycled(8 * 24, [10, -10, 10, -10], [8, -10, 9, -9]);

        var findings = ExperimentAnalysis.Analyse(pairs, "a", "b", minDays: 7, MaeAt5Pct with { MinImprovementPct = 15 });

        Assert.That(findings.Verdict, Is.EqualTo(ExperimentVerdicts.NoDifference));
    }

    [Test]
    public void Diebold_Mariano_on_two_periods_matches_the_hand_computed_statistic()
    {
        // d = [1, 3]: mean 2, γ0 = 1, γ1 = −0.5, lag 1 with Bartlett weight 1/2: V = 0.5, DM = 2 / √(0.5 / 2) = 4; the
        // small-sample factor √((2 + 1 − 2) / 2) makes it 2√2, and t with 1 degree of freedom (Cauchy) gives
        // p = 1 − (2/π)·atan(2√2).
        var result = DieboldMariano.Test([1, 3]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Lag, Is.EqualTo(1));
            Assert.That(result.Statistic, Is.EqualTo(2 * Math.Sqrt(2)).Within(1e-12));
            Assert.That(result.PValue, Is.EqualTo(0.2163469).Within(1e-6));
        });
    }

    [TestCase(1.0, 1, 0.5)]
    [TestCase(12.706205, 1, 0.05)]
    [TestCase(2.085963, 20, 0.05)]
    [TestCase(2.845340, 20, 0.01)]
    [TestCase(1.962339, 1000, 0.05)]
    [TestCase(0.0, 5, 1.0)]
    public void Student_t_p_values_match_the_table(double t, int degreesOfFreedom, double twoSidedP)
    {
        Assert.That(StudentT.TwoSidedPValue(t, degreesOfFreedom), Is.EqualTo(twoSidedP).Within(2e-6));
        Assert.That(StudentT.TwoSidedPValue(-t, degreesOfFreedom), Is.EqualTo(twoSidedP).Within(2e-6));
    }

    [Test]
    public void With_no_real_difference_a_winner_is_declared_about_as_often_as_alpha()
    {
        var declared = 0;
        const int seeds = 200;
        for (var seed = 0; seed < seeds; seed++)
        {
            var random = new Random(seed);
            var pairs = Enumerable.Range(0, 21 * 24).Select(i => new PairedHour(1, Start.AddHours(i), 1, 50, 100,
                Point(50 + 10 * random.NextGaussian()), Point(50 + 10 * random.NextGaussian()))).ToList();
            var verdict = ExperimentAnalysis.Analyse(pairs, "a", "b", minDays: 7, MaeAt5Pct with { MinImprovementPct = 0 }).Verdict;
            Assert.That(verdict, Is.Not.EqualTo(ExperimentVerdicts.Running));
            if (verdict != ExperimentVerdicts.NoDifference) declared++;
        }

        Assert.That(declared / (double)seeds, Is.InRange(0.01, 0.10));
    }

    /// <summary>
    /// Errors that last a day, as weather-driven ones do: each version errs by one draw per day, the same in all its 24
    /// hours. 504 hourly terms are then 21 independent ones; taken for hundreds (hourly terms, Newey–West lag of
    /// T^(1/3) = 7 hours) the test declared a winner in a third of the runs.
    /// </summary>
    [Test]
    public void With_errors_that_last_a_day_and_no_real_difference_a_winner_is_rarely_declared()
    {
        var declared = 0;
        const int seeds = 200;
        for (var seed = 0; seed < seeds; seed++)
        {
            var random = new Random(seed);
            var daily = Enumerable.Range(0, 21).Select(_ => (Champion: 10 * random.NextGaussian(), Challenger: 10 * random.NextGaussian())).ToArray();
            var pairs = Enumerable.Range(0, 21 * 24).Select(i => new PairedHour(1, Start.AddHours(i), 1 + i % 24, 50, 100,
                Point(50 + daily[i / 24].Champion), Point(50 + daily[i / 24].Challenger))).ToList();
            if (ExperimentAnalysis.Analyse(pairs, "a", "b", minDays: 7, MaeAt5Pct with { MinImprovementPct = 0 }).Verdict != ExperimentVerdicts.NoDifference) declared++;
        }

        Assert.That(declared / (double)seeds, Is.LessThanOrEqualTo(0.10));
    }

    [Test]
    public void A_challenger_that_removes_a_tenth_of_the_error_wins_over_three_weeks()
    {
        // Both err on the same weather: the challenger's error is 0.9 × the champion's plus its own noise of sd 1.
        var random = new Random(7);
        var pairs = Enumerable.Range(0, 21 * 24).Select(i =>
        {
            var error = 10 * random.NextGaussian();
            return new PairedHour(1, Start.AddHours(i), 1, 50, 100, Point(50 + error), Point(50 + 0.9 * error + random.NextGaussian()));
        }).ToList();

        var findings = ExperimentAnalysis.Analyse(pairs, "a", "b", minDays: 7, MaeAt5Pct);

        Assert.That(findings.ImprovementPct, Is.InRange(7, 12));
        Assert.That(findings.Verdict, Is.EqualTo(ExperimentVerdicts.ChallengerWins));
    }
}
