using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;

namespace SolarSync.Tests.Models.Families;

public sealed class AvailabilityOutlookTests
{
    private const int Lookback = 4, Horizon = 2;

    /// <summary>
    /// Samples of three recent states: running steadily (no outage in the lookback), back from an outage earlier in the
    /// lookback, and stopped at the last hour. Each state's hours ahead are available at its own rate, and the outlook
    /// counts each apart.
    /// </summary>
    [Test]
    public void A_plant_back_from_an_outage_gets_its_own_share_apart_from_one_running_steadily()
    {
        var states = new List<(bool[] Lookback, bool[] Ahead)>();
        for (var n = 0; n < 100; n++)
        {
            states.Add(([false, false, false, false], [n % 20 == 0, false]));   // steady: 95 % then 100 % available
            states.Add(([true, false, false, false], [n % 4 == 0, n % 2 == 0])); // restarted: 75 % then 50 %
            states.Add(([false, false, false, true], [n % 5 != 0, false]));     // down: 20 % then 100 %
        }

        var samples = Samples(states);
        var outlook = AvailabilityOutlook.Fit(samples)!;

        Assert.Multiple(() =>
        {
            Assert.That(outlook.WhenRunning, Is.EqualTo(new[] { 0.95, 1.0 }).Within(1e-9));
            Assert.That(outlook.WhenRestarted, Is.EqualTo(new[] { 0.75, 0.5 }).Within(1e-9));
            Assert.That(outlook.WhenDown, Is.EqualTo(new[] { 0.2, 1.0 }).Within(1e-9));
        });

        var output = Enumerable.Repeat(1f, samples.Count * Horizon).ToArray();
        outlook.Apply(samples, output);
        Assert.That(output[..6], Is.EqualTo(new[] { 0.95f, 1f, 0.75f, 0.5f, 0.2f, 1f }).Within(1e-6), "each sample is scaled by its own state's shares");
    }

    /// <summary>A model saved before the restarted state was counted has no such shares: every running plant gets the running ones.</summary>
    [Test]
    public void Without_shares_for_a_restarted_plant_the_running_shares_serve_it()
    {
        var samples = Samples([([true, false, false, false], [false, false])]);
        var output = new[] { 1f, 1f };

        new AvailabilityOutlook([0.9, 0.8], [0.1, 0.2]).Apply(samples, output);

        Assert.That(output, Is.EqualTo(new[] { 0.9f, 0.8f }).Within(1e-6));
    }

    private static FeatureSamples Samples(IReadOnlyList<(bool[] Lookback, bool[] Ahead)> states)
    {
        var count = states.Count;
        var encoder = new float[count * Lookback];
        for (var s = 0; s < count; s++)
            for (var j = 0; j < Lookback; j++) encoder[s * Lookback + j] = states[s].Lookback[j] ? 1 : 0;
        return new FeatureSamples(count, Lookback, Horizon, 1, 0, encoder, [], new float[count * Horizon], new DateTimeOffset[count],
            new bool[count * Horizon], new float[count * Horizon], new float[count * Horizon])
        {
            EncoderFeatures = ["unavailable"],
            Unavailable = states.SelectMany(s => s.Ahead).ToArray(),
        };
    }
}
