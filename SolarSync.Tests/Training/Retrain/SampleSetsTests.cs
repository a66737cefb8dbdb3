using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Training.Retrain;

namespace SolarSync.Tests.Training.Retrain;

public sealed class SampleSetsTests
{
    [Test]
    public void Samples_issued_an_hour_apart_share_the_keys_of_the_hours_they_both_forecast_and_each_site_has_its_own()
    {
        // Site A issues at 00:00 and 01:00, site B (its run starts where the issue time steps back) at 00:00; horizon 3.
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var samples = Samples([start, start.AddHours(1), start], horizon: 3);

        var keys = SampleSets.TargetHourKeys(samples);

        Assert.Multiple(() =>
        {
            Assert.That(keys[1], Is.EqualTo(keys[3]), "A's 01:00 at lead 2 and at lead 1");
            Assert.That(keys[2], Is.EqualTo(keys[4]), "A's 02:00 at lead 3 and at lead 2");
            Assert.That(keys.Take(6).Distinct().Count(), Is.EqualTo(4), "A forecasts 00:00 to 03:00");
            Assert.That(keys.Skip(6).Intersect(keys.Take(6)), Is.Empty, "B's hours are not A's");
        });
    }

    private static FeatureSamples Samples(DateTimeOffset[] issues, int horizon)
    {
        var n = issues.Length * horizon;
        return new FeatureSamples(issues.Length, 1, horizon, 1, 1, new float[issues.Length], new float[n], new float[n], issues,
            new bool[n], new float[n], new float[n]);
    }
}
