using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Domain;
using static SolarSync.Tests.Validation.ValidationTestData;

namespace SolarSync.Tests.Validation;

public sealed class ObservationRulesTests
{
    private static IEnumerable<TestCaseData> Rows()
    {
        // Capacity 1000 kW at 1830 m: power within −10…1100 kW, pressure within about 700…871 hPa.
        (string Name, Func<Observation, Observation> Set)[] cases =
        [
            ("typical", o => o with { PressureHpa = 800 }),
            ("all missing", o => At(o.Ts)),
            ("ghi below", o => o with { GhiWm2 = -0.1 }), ("ghi above", o => o with { GhiWm2 = 1500.1 }),
            ("ghi on bound", o => o with { GhiWm2 = 1500, PressureHpa = 800 }), ("ghi NaN", o => o with { GhiWm2 = double.NaN }),
            ("dni above", o => o with { DniWm2 = 1401 }), ("dhi above", o => o with { DhiWm2 = 901 }),
            ("temp infinite", o => o with { TempC = double.NegativeInfinity }), ("humidity above", o => o with { RelHumidityPct = 100.1 }),
            ("sea-level pressure at altitude", o => o with { PressureHpa = 1012 }), ("pressure low", o => o with { PressureHpa = 600 }),
            ("wind 10 m", o => o with { WindSpeed10mMs = 76 }), ("wind 100 m", o => o with { WindSpeed100mMs = -1 }),
            ("wind dir", o => o with { WindDirDeg = 360.5 }), ("cloud", o => o with { CloudCoverPct = -1 }),
            ("power below", o => o with { PowerKw = -10.5 }), ("power on bound", o => o with { PowerKw = 1100, PressureHpa = 800 }),
            ("empty source", o => o with { Source = "" }), ("blank source", o => o with { Source = "  " }),
            ("not on the hour", o => o with { Ts = o.Ts.AddMinutes(5) }), ("with an offset", o => o with { Ts = o.Ts.ToOffset(TimeSpan.FromHours(2)) }),
            ("an hour ahead", o => o with { Ts = Now.AddMinutes(40), PressureHpa = 800 }), ("two hours ahead", o => o with { Ts = Now.AddHours(2) }),
            ("several at once", o => o with { GhiWm2 = -5, PowerKw = 5000, Source = "" }),
        ];
        return cases.Select(c => new TestCaseData(c.Set).SetArgDisplayNames(c.Name));
    }

    [TestCaseSource(nameof(Rows))]
    public void Passes_agrees_with_the_full_rules(Func<Observation, Observation> set)
    {
        var rules = new ObservationRules(capacityKw: 1000, altitudeM: 1830, new FakeTimeProvider(Now));
        var row = set(Typical(10));

        Assert.That(rules.Passes(row), Is.EqualTo(rules.Validate(row).IsValid));
    }
}
