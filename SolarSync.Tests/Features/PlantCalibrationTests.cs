using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Features;

public sealed class PlantCalibrationTests
{
    private static readonly DateTimeOffset Start = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A 2.3 MW turbine's real curve (cut-in 3, rated 2300 kW at 13 m/s, cut-out 25 m/s), unlike the site's nameplate.
    private static readonly double[] TrueSpeeds = [0, 2.9, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 25.01];
    private static readonly double[] TruePowers = [0, 0, 3, 55, 175, 410, 760, 1150, 1600, 2000, 2200, 2280, 2300, 2300, 0];

    private static readonly FeatureSite Turbine = new(PlantType.Wind, 53.0, 8.0, 2300, HubHeightM: 100,
        PowerCurveSpeedsMs: [4, 10, 20], PowerCurvePowersKw: [0, 2300, 2300]);

    [Test]
    public void The_calibrated_wind_curve_reproduces_the_curve_that_made_the_data_and_ignores_outages()
    {
        var series = WindSeries(hours: 24 * 365, parkedEvery: 200, parkedFor: 30);

        var calibration = new FeatureBuilder().Calibrate(Turbine, series, series.End);

        Assert.That(calibration.Wind, Is.Not.Null);
        foreach (var speed in new[] { 4.25, 5.75, 7.25, 8.75, 10.25, 11.75, 14.25, 18.25 })
        {
            var fitted = CalibratedPhysics.Interpolate(calibration.Wind!.PowerShare, calibration.Wind.BinWidthMs, speed) * Turbine.CapacityKw;
            var truth = WindPhysics.PowerFromCurve(TrueSpeeds, TruePowers, speed);
            // Bin means of a convex curve sit a little above the curve at the bin centre: within 3 % of capacity.
            Assert.That(fitted, Is.EqualTo(truth).Within(0.03 * Turbine.CapacityKw), $"at {speed} m/s");
        }

        var nameplateAt8 = WindPhysics.PowerFromCurve(Turbine.PowerCurveSpeedsMs!, Turbine.PowerCurvePowersKw!, 8.25);
        Assert.That(Math.Abs(nameplateAt8 - WindPhysics.PowerFromCurve(TrueSpeeds, TruePowers, 8.25)), Is.GreaterThan(0.1 * Turbine.CapacityKw),
            "the nameplate curve is far from the truth, so matching it proves the fit");
    }

    /// <summary>
    /// A calm year of a plant that gives 87 % of its nameplate curve (derated): hours up to 11 m/s, then only two or
    /// three in each bin from 12.5 to 14 m/s. Those sparse bins must follow the plant's hours, not the nameplate.
    /// </summary>
    [Test]
    public void Sparse_speed_bins_follow_the_plants_own_hours_when_its_output_scatters_little()
    {
        var nameplate = Turbine with { PowerCurveSpeedsMs = TrueSpeeds, PowerCurvePowersKw = TruePowers };
        var series = CalmYearWithAFewWindyHours(noiseShare: 0);

        var calibration = new FeatureBuilder().Calibrate(nameplate, series, series.End);

        foreach (var speed in new[] { 12.75, 13.25, 13.75 })
        {
            var fitted = CalibratedPhysics.Interpolate(calibration.Wind!.PowerShare, calibration.Wind.BinWidthMs, speed) * Turbine.CapacityKw;
            var truth = 0.87 * WindPhysics.PowerFromCurve(TrueSpeeds, TruePowers, speed);
            Assert.That(fitted, Is.EqualTo(truth).Within(0.02 * Turbine.CapacityKw), $"at {speed} m/s (the nameplate says {truth / 0.87:F0} kW)");
        }
    }

    [Test]
    public void Sparse_speed_bins_of_a_plant_whose_hours_scatter_widely_lean_on_the_nameplate()
    {
        var nameplate = Turbine with { PowerCurveSpeedsMs = TrueSpeeds, PowerCurvePowersKw = TruePowers };
        var series = CalmYearWithAFewWindyHours(noiseShare: 0.15);
        var hoursAt1275 = Enumerable.Range(0, series.Count).Where(i => series.WindSpeedHubMs[i] is >= 12.5f and < 13f).ToList();
        var meanOfThoseHours = hoursAt1275.Average(i => (double)series.PowerKw[i]);

        var calibration = new FeatureBuilder().Calibrate(nameplate, series, series.End);

        var fitted = calibration.Wind!.PowerShare[(int)(12.75 / calibration.Wind.BinWidthMs)] * Turbine.CapacityKw;
        var nameplateAt1275 = WindPhysics.PowerFromCurve(TrueSpeeds, TruePowers, 12.75);
        Assert.That(Math.Abs(meanOfThoseHours - nameplateAt1275), Is.GreaterThan(0.1 * Turbine.CapacityKw), "the hours and the nameplate disagree");
        Assert.That(fitted, Is.InRange(Math.Min(meanOfThoseHours, nameplateAt1275) + 0.05 * Turbine.CapacityKw,
            Math.Max(meanOfThoseHours, nameplateAt1275) - 0.05 * Turbine.CapacityKw), $"{hoursAt1275.Count} hours: between their mean and the nameplate");
    }

    [Test]
    public void Calibrated_output_becomes_a_feature_and_the_samples_carry_it()
    {
        var series = WindSeries(hours: 24 * 120, parkedEvery: 0, parkedFor: 0);
        var features = new FeatureBuilder();
        var site = Turbine with { Calibration = features.Calibrate(Turbine, series, series.End) };

        var samples = features.Build(site, series, null, [Start.AddDays(60)], 48, 24, useFutureWeather: true);

        var column = samples.DecoderColumn("calibrated_kw_norm");
        for (var k = 0; k < 24; k++)
        {
            var truth = WindPhysics.PowerFromCurve(TrueSpeeds, TruePowers, series.WindSpeedHubMs[60 * 24 + k]) / Turbine.CapacityKw;
            Assert.That(samples.Decoder[k * samples.DecoderWidth + column], Is.EqualTo(truth).Within(0.05), $"hour {k}");
            Assert.That(samples.CalibratedKw[k], Is.EqualTo(samples.Decoder[k * samples.DecoderWidth + column] * Turbine.CapacityKw).Within(1e-2));
        }
    }

    [Test]
    public void Solar_calibration_finds_the_real_gain_and_the_inverter_limit()
    {
        var site = FeatureTestData.SolarSite;
        var nameplate = FeatureTestData.Series(site, days: 120);
        var features = new FeatureBuilder();
        // The plant makes 90 % of the nameplate PVWatts output and its inverter stops at 55 % of capacity.
        var physical = features.Build(site, nameplate, null, [nameplate.Start.AddHours(48)], 48, 24 * 100, useFutureWeather: true).PhysicalKw;
        for (var i = 0; i < physical.Length; i++) nameplate.PowerKw[48 + i] = float.IsNaN(physical[i]) ? float.NaN : (float)Math.Min(0.9 * physical[i], 0.55 * site.CapacityKw);

        var fit = features.Calibrate(site, nameplate, nameplate.Start.AddDays(100)).Solar!;

        Assert.That(fit.Clip, Is.EqualTo(0.55).Within(0.01));
        var share = 0.4f;
        Assert.That(CalibratedPhysics.Solar(fit, share, 25), Is.EqualTo(0.9 * share).Within(0.03));
        Assert.That(CalibratedPhysics.Solar(fit, 1f, 25), Is.EqualTo(0.55).Within(0.01), "clipped at the inverter's limit");
    }

    // Declared due south at 30°; the panels really face 215° (south-west) at 40°: a year shows both.
    [TestCase(400, 40)]
    // Over a few months tilt cannot be told from gain, so only the azimuth is fitted: here the one thing wrong.
    [TestCase(120, 30)]
    public void Solar_calibration_finds_the_orientation_the_panels_really_face(int days, double trueTiltDeg)
    {
        var declared = FeatureTestData.SolarSite;
        var truth = declared with { TiltDeg = trueTiltDeg, AzimuthDeg = 215 };
        var series = FeatureTestData.Series(declared, days);
        var features = new FeatureBuilder();
        var physical = features.Build(truth, series, null, [series.Start.AddHours(48)], 48, 24 * (days - 2), useFutureWeather: true).PhysicalKw;
        for (var i = 0; i < physical.Length; i++) series.PowerKw[48 + i] = physical[i];
        var calibratedUntil = days - 20;

        var fit = features.Calibrate(declared, series, series.Start.AddDays(calibratedUntil)).Solar!;

        Assert.That(fit.TiltDeg, Is.EqualTo(trueTiltDeg).Within(5));
        Assert.That(fit.AzimuthDeg, Is.EqualTo(215).Within(5));
        var calibrated = features.Build(declared with { Calibration = new PlantCalibration(null, fit, 0) }, series, null,
            [series.Start.AddDays(calibratedUntil + 1)], 48, 24 * 10, useFutureWeather: true);
        var column = calibrated.DecoderColumn("calibrated_kw_norm");
        var (calibratedError, nameplateError) = (0.0, 0.0);
        for (var k = 0; k < 24 * 10; k++)
        {
            var actual = series.PowerKw[((calibratedUntil + 1) * 24) + k] / declared.CapacityKw;
            if (double.IsNaN(actual)) continue;
            calibratedError = Math.Max(calibratedError, Math.Abs(calibrated.Decoder[k * calibrated.DecoderWidth + column] - actual));
            nameplateError = Math.Max(nameplateError, Math.Abs(calibrated.PhysicalKw[k] / declared.CapacityKw - actual));
        }

        Assert.That(calibratedError, Is.LessThan(0.03), "the calibrated output follows the real orientation's");
        Assert.That(nameplateError, Is.GreaterThan(0.1), "the declared orientation's output is far off, so following the real one proves the fit");
    }

    [Test]
    public void Solar_calibration_keeps_the_declared_orientation_when_the_output_agrees_with_it()
    {
        var site = FeatureTestData.SolarSite;
        var series = FeatureTestData.Series(site, days: 120);
        var features = new FeatureBuilder();
        var physical = features.Build(site, series, null, [series.Start.AddHours(48)], 48, 24 * 100, useFutureWeather: true).PhysicalKw;
        // Measured with ±20 % noise, as a meter against satellite irradiance can be: noise must not move the declaration.
        var noise = new Random(3);
        for (var i = 0; i < physical.Length; i++) series.PowerKw[48 + i] = (float)(0.93 * physical[i] * (1 + 0.4 * (noise.NextDouble() - 0.5)));

        var fit = features.Calibrate(site, series, series.Start.AddDays(100)).Solar!;

        Assert.That(CalibratedPhysics.Solar(fit, 0.4f, 25), Is.EqualTo(0.93 * 0.4).Within(0.01), $"a fit was made: {fit}");
        Assert.That((fit.TiltDeg, fit.AzimuthDeg), Is.EqualTo(((double?)null, (double?)null)));
    }

    [TestCase(false, ExpectedResult = true)]
    [TestCase(true, ExpectedResult = false)]
    public bool The_wind_curve_leaves_out_air_density_only_when_the_output_ignores_it(bool outputFollowsDensity)
    {
        // A year from a freezing winter (−15 °C) to a hot summer (+30 °C): air density varies by about 17 %.
        var series = WindSeries(hours: 24 * 365, parkedEvery: 0, parkedFor: 0, seasonal: true, outputFollowsDensity);

        var calibration = new FeatureBuilder().Calibrate(Turbine, series, series.End).Wind!;

        // Either way the curve reproduces the output of a cold and of a warm hour at 8 m/s.
        foreach (var tempC in new[] { -10.0, 25.0 })
        {
            var density = WindPhysics.AirDensity(1013.25, tempC, 0);
            var speed = outputFollowsDensity ? CalibratedPhysics.EquivalentSpeed(8.25, density) : 8.25;
            var truth = WindPhysics.PowerFromCurve(TrueSpeeds, TruePowers, speed) / Turbine.CapacityKw;
            Assert.That(CalibratedPhysics.Wind(calibration, float.NaN, 8.25, density, double.NaN), Is.EqualTo(truth).Within(0.02), $"at {tempC} °C");
        }

        return calibration.IgnoresDensity;
    }

    /// <summary>
    /// A year at 15 °C of hub speeds up to 11 m/s and, every 500 hours, one hour between 12.5 and 14 m/s; the output is
    /// 87 % of the true curve plus Gaussian noise of <paramref name="noiseShare"/> of capacity.
    /// </summary>
    private static HourlySeries CalmYearWithAFewWindyHours(double noiseShare)
    {
        var s = HourlySeries.Missing(Start, 24 * 365);
        var random = new Random(9);
        var speed = 7.0;
        for (var i = 0; i < s.Count; i++)
        {
            speed = Math.Clamp(speed + 1.2 * (random.NextDouble() - 0.5) + 0.02 * (7 - speed), 0, 11);
            var hour = i % 500 == 250 ? 12.55 + 1.4 * ((i / 500) % 6) / 6 + 0.05 * random.NextDouble() : speed;
            s.WindSpeedHubMs[i] = (float)hour;
            s.TempC[i] = 15;
            s.PressureHpa[i] = 1013.25f;
            var noise = noiseShare * Turbine.CapacityKw * random.NextGaussian();
            s.PowerKw[i] = (float)(0.87 * WindPhysics.PowerFromCurve(TrueSpeeds, TruePowers, hour) + noise);
        }

        return s;
    }

    /// <summary>
    /// Hourly hub wind from a seeded AR(1) walk; output from the true curve (at the density-normalised speed when
    /// <paramref name="outputFollowsDensity"/>); parked (near 0) runs when asked; 15 °C, or a seasonal swing.
    /// </summary>
    private static HourlySeries WindSeries(int hours, int parkedEvery, int parkedFor, bool seasonal = false, bool outputFollowsDensity = false)
    {
        var s = HourlySeries.Missing(Start, hours);
        var random = new Random(5);
        var speed = 8.0;
        for (var i = 0; i < hours; i++)
        {
            speed = Math.Clamp(speed + 1.2 * (random.NextDouble() - 0.5) + 0.02 * (8 - speed), 0, 24);
            s.WindSpeedHubMs[i] = (float)speed;
            s.TempC[i] = seasonal ? (float)(7.5 - 22.5 * Math.Cos(2 * Math.PI * i / (24 * 365.0))) : 15;
            s.PressureHpa[i] = 1013.25f;
            var parked = parkedEvery > 0 && i % parkedEvery < parkedFor;
            var driving = outputFollowsDensity ? CalibratedPhysics.EquivalentSpeed(speed, WindPhysics.AirDensity(1013.25, s.TempC[i], 0)) : speed;
            s.PowerKw[i] = parked ? -2 : (float)WindPhysics.PowerFromCurve(TrueSpeeds, TruePowers, driving);
        }

        return s;
    }
}
