using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;

namespace SolarSync.Tests.Models.Families;

public sealed class AvailabilityOutlookTests
{
    private const int Lookback = 4, Horizon = 2;

    /// <summary>
    /// Samples of five recent states: running steadily (no outage in the lookback), back from an outage earlier in the
    /// lookback, stopped at the last hour, silent (no outage flagged, but no hour of the lookback produced: calm, or
    /// parked before wind showed it), and stopping (the last hour gave nothing though its weather promised half of
    /// capacity, too short a stop yet to be flagged). Each state's hours ahead are available at its own rate, and the
    /// outlook counts each apart.
    /// </summary>
    [Test]
    public void Each_recent_state_of_the_plant_gets_its_own_share()
    {
        var states = new List<(bool[] Lookback, bool[] Ahead, float[]? Power)>();
        for (var n = 0; n < 100; n++)
        {
            states.Add(([false, false, false, false], [n % 20 == 0, false], null));   // steady: 95 % then 100 % available
            states.Add(([true, false, false, false], [n % 4 == 0, n % 2 == 0], null)); // restarted: 75 % then 50 %
            states.Add(([false, false, false, true], [n % 5 != 0, false], null));     // down: 20 % then 100 %
            states.Add(([false, false, false, false], [n % 5 != 0, n % 5 < 2], Silent)); // silent: 20 % then 60 %
            states.Add(([false, false, false, false], [n % 2 == 0, n % 10 == 0], Stopping)); // stopping: 50 % then 10 %
        }

        var samples = Samples(states);
        var outlook = AvailabilityOutlook.Fit(samples)!;

        Assert.Multiple(() =>
        {
            Assert.That(outlook.WhenRunning, Is.EqualTo(new[] { 0.95, 1.0 }).Within(1e-9));
            Assert.That(outlook.WhenRestarted, Is.EqualTo(new[] { 0.75, 0.5 }).Within(1e-9));
            Assert.That(outlook.WhenDown, Is.EqualTo(new[] { 0.2, 1.0 }).Within(1e-9));
            Assert.That(outlook.WhenSilent, Is.EqualTo(new[] { 0.2, 0.6 }).Within(1e-9));
            Assert.That(outlook.WhenStopping, Is.EqualTo(new[] { 0.5, 0.9 }).Within(1e-9));
        });

        var output = Enumerable.Repeat(1f, samples.Count * Horizon).ToArray();
        outlook.Apply(samples, output);
        Assert.That(output[..10], Is.EqualTo(new[] { 0.95f, 1f, 0.75f, 0.5f, 0.2f, 1f, 0.2f, 0.6f, 0.5f, 0.9f }).Within(1e-6),
            "each sample is scaled by its own state's shares");
    }

    /// <summary>
    /// A model saved before the restarted, silent and stopping states were counted has no shares for them: every plant
    /// not down gets the running ones.
    /// </summary>
    [Test]
    public void Without_shares_for_a_restarted_silent_or_stopping_plant_the_running_shares_serve_it()
    {
        var samples = Samples([([true, false, false, false], [false, false], null), ([false, false, false, false], [false, false], Silent),
            ([false, false, false, false], [false, false], Stopping)]);
        var output = new[] { 1f, 1f, 1f, 1f, 1f, 1f };

        new AvailabilityOutlook([0.9, 0.8], [0.1, 0.2]).Apply(samples, output);

        Assert.That(output, Is.EqualTo(new[] { 0.9f, 0.8f, 0.9f, 0.8f, 0.9f, 0.8f }).Within(1e-6));
    }

    /// <summary>A lookback whose output is unknown says nothing of the plant: it is not silent, and the running shares serve it.</summary>
    [Test]
    public void A_lookback_without_known_output_is_served_as_running()
    {
        var samples = Samples([([false, false, false, false], [false, false], [float.NaN, float.NaN, float.NaN, float.NaN])]);
        var output = new[] { 1f, 1f };

        new AvailabilityOutlook([0.9, 0.8], [0.1, 0.2], WhenSilent: [0.3, 0.3]).Apply(samples, output);

        Assert.That(output, Is.EqualTo(new[] { 0.9f, 0.8f }).Within(1e-6));
    }

    /// <summary>
    /// A PV plant's nights give nothing whether it runs or not, and the stop-spreading of the outage rule flags the
    /// nights of a stop: counted, they would pull the share of a running plant's daylight hours towards their own.
    /// </summary>
    [Test]
    public void A_solar_plant_is_counted_on_daylight_hours_only()
    {
        var states = new List<(bool[] Lookback, bool[] Ahead, float[]? Power)>();
        for (var n = 0; n < 100; n++) states.Add(([false, false, false, false], [n % 10 == 0, n % 2 == 0], null));
        var samples = Samples(states, solar: true);

        var outlook = AvailabilityOutlook.Fit(samples)!;

        // The second hour ahead is always night: no count, so it takes the pooled daylight share of the first.
        Assert.That(outlook.WhenRunning, Is.EqualTo(new[] { 0.9, 0.9 }).Within(1e-9));
    }

    // Output of a silent lookback (a parked turbine draws a little), and of one that stops at its last hour; every
    // other sample produced 40 % of capacity. The weather promised half of capacity in every hour.
    private static readonly float[] Silent = [0, -0.003f, 0.01f, 0];
    private static readonly float[] Stopping = [0.4f, 0.4f, 0.4f, 0];

    private static FeatureSamples Samples(IReadOnlyList<(bool[] Lookback, bool[] Ahead, float[]? Power)> states, bool solar = false)
    {
        const int width = 3;
        var count = states.Count;
        var encoder = new float[count * Lookback * width];
        for (var s = 0; s < count; s++)
        {
            for (var j = 0; j < Lookback; j++)
            {
                var row = (s * Lookback + j) * width;
                encoder[row] = states[s].Lookback[j] ? 1 : 0;
                encoder[row + 1] = states[s].Power?[j] ?? 0.4f;
                encoder[row + 2] = 0.5f;
            }
        }

        // A solar plant's first hour ahead is daylight, its second night.
        var daylight = Enumerable.Range(0, count * Horizon).Select(i => i % Horizon == 0).ToArray();
        return new FeatureSamples(count, Lookback, Horizon, width, 0, encoder, [], new float[count * Horizon], new DateTimeOffset[count],
            daylight, new float[count * Horizon], new float[count * Horizon])
        {
            EncoderFeatures = ["unavailable", "power_norm", "power_curve_kw_norm"],
            DecoderFeatures = solar ? ["clear_sky_kw_norm"] : [],
            Unavailable = states.SelectMany(s => s.Ahead).ToArray(),
        };
    }
}
