using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Prediction.Caching;

namespace SolarSync.Tests.Prediction.Caching;

public sealed class CacheCircuitTests
{
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(1);

    [Test]
    public void A_closed_circuit_lets_every_call_through()
    {
        var circuit = new CacheCircuit(new FakeTimeProvider(), Break, Probe);
        Assert.That(Enumerable.Range(0, 3).Select(_ => circuit.TryEnter()), Is.All.True);
        Assert.That(circuit.IsOpen, Is.False);
    }

    [Test]
    public void After_a_failure_calls_skip_the_cache_until_the_break_is_over()
    {
        var clock = new FakeTimeProvider();
        var circuit = new CacheCircuit(clock, Break, Probe);
        circuit.Failed();
        Assert.That(circuit.TryEnter(), Is.False);
        clock.Advance(Break - TimeSpan.FromMilliseconds(1));
        Assert.That(circuit.TryEnter(), Is.False);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(circuit.TryEnter(), Is.True, "the first call after the break probes");
    }

    [Test]
    public void Only_one_call_probes_and_its_success_closes_the_circuit()
    {
        var clock = new FakeTimeProvider();
        var circuit = new CacheCircuit(clock, Break, Probe);
        circuit.Failed();
        clock.Advance(Break);
        Assert.That(circuit.TryEnter(), Is.True);
        Assert.That(circuit.TryEnter(), Is.False, "others skip while the probe runs");
        Assert.That(circuit.Succeeded(), Is.True, "success reports that the circuit was open");
        Assert.That(circuit.TryEnter(), Is.True);
        Assert.That(circuit.Succeeded(), Is.False, "a success on a closed circuit changes nothing");
    }

    [Test]
    public void A_failed_probe_starts_another_break()
    {
        var clock = new FakeTimeProvider();
        var circuit = new CacheCircuit(clock, Break, Probe);
        circuit.Failed();
        clock.Advance(Break);
        Assert.That(circuit.TryEnter(), Is.True);
        circuit.Failed();
        clock.Advance(Break - TimeSpan.FromMilliseconds(1));
        Assert.That(circuit.TryEnter(), Is.False);
    }

    [Test]
    public void A_probe_that_never_reports_is_replaced_after_its_probe_time()
    {
        var clock = new FakeTimeProvider();
        var circuit = new CacheCircuit(clock, Break, Probe);
        circuit.Failed();
        clock.Advance(Break);
        Assert.That(circuit.TryEnter(), Is.True);
        clock.Advance(Probe);
        Assert.That(circuit.TryEnter(), Is.True);
    }
}
