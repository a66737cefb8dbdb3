using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Tests.Validation;

public sealed class PlantAvailabilityTests
{
    // Shares of capacity: a producing hour, a stopped one (parked turbines draw a little), and what the curve promises
    // at a calm, a moderate and a windy hour.
    private const float Producing = 0.30f, Stopped = -0.003f, Calm = 0.01f, Moderate = 0.10f, Windy = 0.50f;

    [Test]
    public void A_stop_in_wind_is_an_outage_once_it_has_lasted_three_hours()
    {
        float[] power = [Producing, Stopped, Stopped, Stopped, Stopped, Producing];
        float[] expected = [Windy, Windy, Windy, Windy, Windy, Windy];

        Assert.Multiple(() =>
        {
            Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: false), Is.EqualTo(new[] { false, false, false, true, true, false }),
                "known at the hour: only from the third stopped hour on");
            Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: true), Is.EqualTo(new[] { false, true, true, true, true, false }),
                "with hindsight the whole run");
        });
    }

    [Test]
    public void Two_stopped_hours_in_wind_and_calm_hours_without_output_are_not_outages()
    {
        float[] power = [Producing, Stopped, Stopped, Producing, Stopped, Stopped, Stopped, Stopped, Producing];
        float[] expected = [Windy, Windy, Windy, Windy, Calm, Calm, Moderate, Calm, Moderate];

        Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: true), Is.All.False);
    }

    /// <summary>
    /// A turbine parked in wind stays parked as the wind drops: the calm and moderate hours of the same stop are part of
    /// the outage (after its windy hours as they happen, before them with hindsight), up to the hour it produces again.
    /// </summary>
    [Test]
    public void The_calm_hours_of_a_stop_that_was_windy_belong_to_the_outage()
    {
        float[] power = [Producing, Stopped, Stopped, Stopped, Stopped, Stopped, Stopped, Stopped, Producing, Stopped];
        float[] expected = [Moderate, Calm, Moderate, Windy, Windy, Windy, Moderate, Calm, Moderate, Calm];

        Assert.Multiple(() =>
        {
            Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: false),
                Is.EqualTo(new[] { false, false, false, false, false, true, true, true, false, false }));
            Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: true),
                Is.EqualTo(new[] { false, true, true, true, true, true, true, true, false, false }));
        });
    }

    /// <summary>Flat is judged against the hour before, so the first hour at the held level is not yet curtailed.</summary>
    [Test]
    public void Output_held_flat_below_what_the_wind_allows_is_curtailment_and_does_not_spread_to_the_calm_hours_after_it()
    {
        float[] power = [0.60f, 0.40f, 0.40f, 0.40f, 0.40f, Stopped, Stopped];
        float[] expected = [0.70f, 0.90f, 0.90f, 0.90f, 0.90f, Calm, Calm];

        Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: true),
            Is.EqualTo(new[] { false, false, true, true, true, false, false }));
    }

    [Test]
    public void An_hour_of_unknown_output_ends_a_stop()
    {
        float[] power = [Stopped, Stopped, Stopped, float.NaN, Stopped, Stopped];
        float[] expected = [Windy, Windy, Windy, Windy, Calm, Calm];

        Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: true),
            Is.EqualTo(new[] { true, true, true, false, false, false }));
    }

    /// <summary>
    /// A PV plant whose inverter trips in the afternoon: flagged from the third sunny hour without output, then through
    /// dusk and the night (a plant down at dusk is still down at dawn), until it produces again in the morning.
    /// </summary>
    [Test]
    public void A_PV_plant_that_stops_in_sunshine_stays_down_through_the_night_until_it_produces_again()
    {
        // Noon, three sunny hours without output, late afternoon, dusk, two night hours, dawn, the morning it is back, noon.
        float[] power = [0.60f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0.25f, 0.55f];
        float[] expected = [0.62f, 0.60f, 0.55f, 0.50f, 0.08f, 0.03f, 0f, 0f, 0.04f, 0.30f, 0.60f];

        Assert.Multiple(() =>
        {
            Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: false, flatIsCurtailment: false),
                Is.EqualTo(new[] { false, false, false, true, true, true, true, true, true, false, false }));
            Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: true, flatIsCurtailment: false),
                Is.EqualTo(new[] { false, true, true, true, true, true, true, true, true, false, false }));
        });
    }

    /// <summary>A PV plant's output held flat through a sunny noon is its inverter clipping, which its calibrated physics learns.</summary>
    [Test]
    public void PV_output_held_flat_below_the_nameplate_expectation_is_clipping_not_curtailment()
    {
        float[] power = [0.50f, 0.70f, 0.70f, 0.70f, 0.70f, 0.60f];
        float[] expected = [0.55f, 0.92f, 0.97f, 0.98f, 0.95f, 0.66f];

        Assert.Multiple(() =>
        {
            Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: true, flatIsCurtailment: false), Is.All.False);
            Assert.That(PlantAvailability.Unavailable(power, expected, lookAhead: true), Has.Some.True, "the same hours of a turbine would be curtailment");
        });
    }

    /// <summary>
    /// Half a PV array down on a clear day: output at half of what the plant's calibrated physics expects, hour after hour.
    /// The same ratio under clouds (no clear-sky reference) is the weather's error, a milder shortfall is model error,
    /// and low sun is left alone: none of those is a derate.
    /// </summary>
    [Test]
    public void Half_a_PV_array_down_under_a_clear_sky_is_derated_from_its_third_hour_but_clouds_and_low_sun_are_not()
    {
        const float nan = float.NaN;
        float[] clearCalibrated = [0.70f, 0.70f, 0.75f, 0.75f, 0.70f, 0.70f];
        float[] expected = [0.60f, 0.60f, 0.65f, 0.65f, 0.60f, 0.60f];
        float[] halfArray = [0.70f, 0.35f, 0.37f, 0.38f, 0.35f, 0.70f];

        float[] cloudy = [nan, nan, nan, nan, nan, nan];
        float[] milder = [0.70f, 0.50f, 0.50f, 0.50f, 0.50f, 0.70f];
        float[] lowSun = [0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f];
        float[] lowSunHalf = [0.25f, 0.12f, 0.12f, 0.12f, 0.12f, 0.25f];

        Assert.Multiple(() =>
        {
            Assert.That(PlantAvailability.Unavailable(halfArray, expected, lookAhead: false, flatIsCurtailment: false, clearCalibrated),
                Is.EqualTo(new[] { false, false, false, true, true, false }), "known at the hour: from the third derated hour");
            Assert.That(PlantAvailability.Unavailable(halfArray, expected, lookAhead: true, flatIsCurtailment: false, clearCalibrated),
                Is.EqualTo(new[] { false, true, true, true, true, false }), "with hindsight the whole run");
            Assert.That(PlantAvailability.Unavailable(halfArray, expected, lookAhead: true, flatIsCurtailment: false, cloudy), Is.All.False, "clouds");
            Assert.That(PlantAvailability.Unavailable(halfArray, expected, lookAhead: true, flatIsCurtailment: false), Is.All.False, "a plant not yet calibrated");
            Assert.That(PlantAvailability.Unavailable(milder, expected, lookAhead: true, flatIsCurtailment: false, clearCalibrated), Is.All.False, "70 % of the physics");
            Assert.That(PlantAvailability.Unavailable(lowSunHalf, lowSun, lookAhead: true, flatIsCurtailment: false, lowSun), Is.All.False, "low sun");
        });
    }
}
