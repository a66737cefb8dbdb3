using SolarSync.Modules.Collection.Domain;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Collection.Domain;

public sealed class SimulatedDemandTests
{
    private static readonly Site Berlin = new(3, "Sim load", PlantType.Load, 52.52, 13.405, 250, null, null, null, null,
        "Europe/Berlin", true, DateTimeOffset.UnixEpoch, Country: "DE");

    // Local 19:00 in Berlin in winter (UTC+1) is 18:00 UTC; the profile's values are hourly means of BDEW H0.
    private static DateTimeOffset LocalSeven(int year, int month, int day) => new(year, month, day, 18, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_workday_evening_follows_the_h0_shape_scaled_to_80_percent_of_the_peak_at_a_mild_temperature()
    {
        // Wednesday 2025-01-15, 19–20 h local: 171.9 W of H0's highest hour 207.8 W.
        var kw = SimulatedDemand.Kw(Berlin, LocalSeven(2025, 1, 15), tempC: 18, noise: 0);

        Assert.That(kw, Is.EqualTo(250 * 0.8 * 171.9 / 207.8).Within(1e-9));
    }

    [Test]
    public void A_public_holiday_takes_the_sunday_shape()
    {
        // 2025-12-25 (Thursday) is Christmas Day in Germany; 2025-12-18 the Thursday before is a workday.
        var holiday = SimulatedDemand.Kw(Berlin, LocalSeven(2025, 12, 25), tempC: 18, noise: 0);
        var sunday = SimulatedDemand.Kw(Berlin, LocalSeven(2025, 12, 21), tempC: 18, noise: 0);
        var workday = SimulatedDemand.Kw(Berlin, LocalSeven(2025, 12, 18), tempC: 18, noise: 0);

        Assert.That(holiday, Is.EqualTo(sunday).Within(1e-9));
        Assert.That(holiday, Is.Not.EqualTo(workday).Within(1));
    }

    [Test]
    public void Cold_and_heat_raise_demand_and_a_mild_day_does_not()
    {
        var at = LocalSeven(2025, 1, 15);
        double Kw(double tempC) => SimulatedDemand.Kw(Berlin, at, tempC, noise: 0);

        Assert.That(Kw(5), Is.EqualTo(Kw(18) * 1.15).Within(1e-9));
        Assert.That(Kw(27), Is.EqualTo(Kw(18) * 1.10).Within(1e-9));
        Assert.That(Kw(15), Is.EqualTo(Kw(22)).Within(1e-9));
    }

    [Test]
    public void The_simulated_source_gives_a_load_site_demand_in_every_hour_within_its_validation_range()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = SimulatedSource.Generate(Berlin, start, start.AddDays(60), seed: 42).ToList();

        Assert.That(rows.Select(r => r.PowerKw), Is.All.Not.Null.And.All.InRange(0, 250 * 1.5));
        Assert.That(rows.Max(r => r.PowerKw), Is.GreaterThan(250 * 0.6), "the evening peak reaches well into the site's peak");
    }
}
