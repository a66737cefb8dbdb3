using SolarSync.Modules.Prediction.Experiments;

namespace SolarSync.Tests.Prediction.Experiments;

/// <summary>Client-hash assignment and the gradual ramp's schedule.</summary>
public sealed class ExperimentAssignmentTests
{
    [TestCase(5)]
    [TestCase(30)]
    [TestCase(50)]
    public void Client_hash_puts_the_requested_share_of_ten_thousand_clients_on_the_challenger_and_keeps_them_there(double percent)
    {
        var clients = Enumerable.Range(0, 10_000).Select(i => $"client-{i}").ToList();

        var first = clients.Select(c => ExperimentAssignment.ByClient(42, c, percent)).ToList();
        var again = clients.Select(c => ExperimentAssignment.ByClient(42, c, percent)).ToList();

        Assert.That(100.0 * first.Count(x => x) / clients.Count, Is.EqualTo(percent).Within(2));
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void Another_experiment_shuffles_the_clients_and_a_larger_share_keeps_the_earlier_ones()
    {
        var clients = Enumerable.Range(0, 1_000).Select(i => $"client-{i}").ToList();

        var inA = clients.Where(c => ExperimentAssignment.ByClient(1, c, 30)).ToHashSet();
        var inB = clients.Where(c => ExperimentAssignment.ByClient(2, c, 30)).ToHashSet();
        var inALarger = clients.Where(c => ExperimentAssignment.ByClient(1, c, 60)).ToHashSet();

        Assert.That(inA.SetEquals(inB), Is.False);
        Assert.That(inA.IsSubsetOf(inALarger), Is.True);
    }

    [Test]
    public void The_gradual_share_rises_each_period_up_to_its_maximum_and_stays_where_it_was_halted()
    {
        var ramp = new RampSchedule(StartPercent: 10, StepPercent: 15, EveryHours: 24, MaxPercent: 50);
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(GradualRamp.ShareAt(ramp, start, start, null), Is.EqualTo(10));
            Assert.That(GradualRamp.ShareAt(ramp, start, start.AddHours(23.9), null), Is.EqualTo(10));
            Assert.That(GradualRamp.ShareAt(ramp, start, start.AddHours(24), null), Is.EqualTo(25));
            Assert.That(GradualRamp.ShareAt(ramp, start, start.AddHours(48), null), Is.EqualTo(40));
            Assert.That(GradualRamp.ShareAt(ramp, start, start.AddHours(72), null), Is.EqualTo(50));
            Assert.That(GradualRamp.ShareAt(ramp, start, start.AddDays(30), null), Is.EqualTo(50));
            Assert.That(GradualRamp.ShareAt(ramp, start, start.AddDays(30), haltedPercent: 25), Is.EqualTo(25));
        });
    }
}
