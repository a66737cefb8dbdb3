using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Collection.Sources.Simulated;

public sealed class SimulatedSourceTests
{
    internal static readonly Site Solar = new(1, "Sim PV", PlantType.Solar, 39.742, -105.179, 500, 30, 180, null, null, "UTC", true, DateTimeOffset.UnixEpoch);
    internal static readonly Site Wind = new(2, "Sim WT", PlantType.Wind, 52.45, 13.53, 2300, null, null, 80, null, "UTC", true, DateTimeOffset.UnixEpoch);
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<Observation> Year(Site site, int seed = 42) => SimulatedSource.Generate(site, Start, Start.AddYears(1), seed).ToList();

    [Test]
    public void The_same_seed_gives_the_same_rows_and_another_seed_other_rows()
    {
        var a = SimulatedSource.Generate(Solar, Start, Start.AddDays(3), 1).ToList();
        var b = SimulatedSource.Generate(Solar, Start, Start.AddDays(3), 1).ToList();
        var c = SimulatedSource.Generate(Solar, Start, Start.AddDays(3), 2).ToList();
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.Select(o => o.GhiWm2), Is.Not.EqualTo(c.Select(o => o.GhiWm2)));
    }

    [Test]
    public void Generating_a_range_in_pieces_gives_exactly_the_rows_of_one_run()
    {
        var whole = SimulatedSource.Generate(Wind, Start, Start.AddDays(4), 7).ToList();
        var pieces = SimulatedSource.Generate(Wind, Start, Start.AddDays(1.5), 7)
            .Concat(SimulatedSource.Generate(Wind, Start.AddDays(1.5), Start.AddDays(4), 7)).ToList();
        Assert.That(pieces, Is.EqualTo(whole));
    }

    [Test]
    public void Rows_are_hourly_marked_simulated_and_inside_physical_ranges()
    {
        var rows = Year(Solar);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(8760));
            Assert.That(rows.Zip(rows.Skip(1)).All(p => p.Second.Ts - p.First.Ts == TimeSpan.FromHours(1)), Is.True);
            Assert.That(rows.Select(r => r.Source), Is.All.EqualTo(ObservationSources.Simulated));
            Assert.That(rows.Select(r => r.GhiWm2), Is.All.InRange(0.0, 1500.0));
            Assert.That(rows.Select(r => r.TempC), Is.All.InRange(-60.0, 60.0));
            Assert.That(rows.Select(r => r.RelHumidityPct), Is.All.InRange(0.0, 100.0));
            Assert.That(rows.Select(r => r.PressureHpa), Is.All.InRange(870.0, 1085.0));
            Assert.That(rows.Select(r => r.PowerKw), Is.All.InRange(0.0, Solar.CapacityKw));
        });
    }

    [Test]
    public void Solar_irradiance_and_output_are_zero_when_the_sun_is_down()
    {
        var night = Year(Solar).Where(r => SolarPosition.ForHour(r.Ts, Solar.Latitude, Solar.Longitude).ElevationDeg < 0).ToList();
        Assert.That(night, Is.Not.Empty);
        Assert.That(night.Select(r => r.GhiWm2), Is.All.EqualTo(0));
        Assert.That(night.Select(r => r.PowerKw), Is.All.EqualTo(0));
    }

    [Test]
    public void A_year_of_solar_output_has_a_plausible_capacity_factor_and_a_summer_peak()
    {
        // Fixed-tilt PV in Colorado runs at roughly 17–24 % capacity factor (AC); June days beat December days.
        var rows = Year(Solar);
        var capacityFactor = rows.Sum(r => r.PowerKw!.Value) / (Solar.CapacityKw * rows.Count);
        double MonthlyKwh(int month) => rows.Where(r => r.Ts.Month == month).Sum(r => r.PowerKw!.Value);
        Assert.That(capacityFactor, Is.InRange(0.14, 0.28));
        Assert.That(MonthlyKwh(6), Is.GreaterThan(MonthlyKwh(12)));
    }

    [Test]
    public void Hub_wind_follows_the_weibull_mean_and_output_stays_within_capacity()
    {
        // Weibull(k = 2, c = 8) has mean c·Γ(1.5) = 8 × 0.8862 = 7.09 m/s.
        var rows = Year(Wind);
        var mean100 = rows.Average(r => r.WindSpeed100mMs!.Value);
        var capacityFactor = rows.Sum(r => r.PowerKw!.Value) / (Wind.CapacityKw * rows.Count);
        Assert.Multiple(() =>
        {
            Assert.That(mean100, Is.EqualTo(7.09).Within(0.7));
            Assert.That(rows.All(r => r.WindSpeed10mMs < r.WindSpeed100mMs || r.WindSpeed100mMs == 0), Is.True);
            Assert.That(rows.Select(r => r.PowerKw), Is.All.InRange(0.0, Wind.CapacityKw));
            Assert.That(capacityFactor, Is.InRange(0.15, 0.55));
        });
    }
}
