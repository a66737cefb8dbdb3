namespace SolarSync.Modules.Validation.Contracts;

/// <summary>
/// Hours when a generating plant was not producing what its weather allowed for a reason that is not weather: stopped
/// (output near zero while the nominal physics promises a clear share of capacity: a parked or faulted turbine, a
/// tripped inverter, panels under snow), for wind curtailed (output held flat below what the curve promises), and for
/// solar derated (part of the array down under a clear sky). The rule is physical and the same for every plant: it
/// compares the measured output with the nominal physics' expectation (wind: the power curve at the hub wind; solar:
/// PVWatts at the measured irradiance), a derate with the plant's own calibrated physics (fitted on training hours
/// only), and requires the condition to last <see cref="MinRunHours"/> hours, so one gusty, calm or cloudy hour is
/// never an outage.
/// </summary>
public static class PlantAvailability
{
    /// <summary>Consecutive hours the condition must hold.</summary>
    public const int MinRunHours = 3;

    /// <summary>Output at or below this share of capacity counts as "not producing" (parked turbines draw a little).</summary>
    public const double StoppedBelowShare = 0.02;

    /// <summary>The nominal physics must promise at least this share of capacity before near-zero output is suspicious.</summary>
    public const double ExpectedAtLeastShare = 0.15;

    /// <summary>Curtailment: output flat within this share of capacity from hour to hour…</summary>
    public const double FlatWithinShare = 0.01;

    /// <summary>…between these shares of capacity (a stopped or a full turbine is flat for other reasons)…</summary>
    public const double FlatAboveShare = 0.05, FlatBelowShare = 0.9;

    /// <summary>…while the curve promises this much more than the output.</summary>
    public const double CurtailedShortfallShare = 0.2;

    /// <summary>
    /// Derate (solar): under a clear sky the plant gives at most this share of what its calibrated physics expects. A
    /// string, inverter or snow-covered row lost takes a fixed part of the array out. A healthy plant's clear hours at
    /// the level below give between about 90 % and 120 % of its calibrated physics, so 60 % is a loss, not model error.
    /// </summary>
    public const double DeratedAtMostRatio = 0.6;

    /// <summary>…where that expectation is at least this share of capacity (with the sun low, the physics' own error is large).</summary>
    public const double DeratedExpectedAtLeastShare = 0.3;

    /// <summary>A clear sky: measured irradiance at least this share of the clear-sky irradiance (under clouds the weather's own error is large).</summary>
    public const double ClearSkyIndexAtLeast = 0.8;

    /// <summary>
    /// Per hour: true when the hour belongs to a run of at least <see cref="MinRunHours"/> outage or curtailed hours.
    /// <paramref name="lookAhead"/> false judges each hour only by itself and the hours before it (what is known at
    /// that hour: a model input); true also lets later hours complete the run (a label, known afterwards).
    /// </summary>
    /// <param name="powerShare">Measured output ÷ capacity; NaN where unknown (never flagged).</param>
    /// <param name="expectedShare">Nominal physics at the hour's weather ÷ capacity; NaN where the weather is unknown.</param>
    /// <param name="flatIsCurtailment">
    /// Whether output held flat below the expectation is curtailment (wind). A PV plant's flat output is its inverter or
    /// export limit clipping, which the plant does every sunny hour and its calibrated physics learns: never an outage.
    /// </param>
    /// <param name="clearSkyCalibratedShare">
    /// Solar: per hour, the plant's calibrated physics ÷ capacity where the sky is clear (<see cref="ClearSkyIndexAtLeast"/>),
    /// NaN elsewhere; empty when the plant has no calibration or is not solar (no derate is judged).
    /// </param>
    public static bool[] Unavailable(ReadOnlySpan<float> powerShare, ReadOnlySpan<float> expectedShare, bool lookAhead, bool flatIsCurtailment = true,
        ReadOnlySpan<float> clearSkyCalibratedShare = default)
    {
        if (powerShare.Length != expectedShare.Length) throw new ArgumentException("One expectation per hour.", nameof(expectedShare));
        if (!clearSkyCalibratedShare.IsEmpty && clearSkyCalibratedShare.Length != powerShare.Length)
        {
            throw new ArgumentException("One calibrated expectation per hour.", nameof(clearSkyCalibratedShare));
        }

        var n = powerShare.Length;
        var suspicious = new bool[n];
        for (var i = 0; i < n; i++)
        {
            float p = powerShare[i], e = expectedShare[i];
            if (float.IsNaN(p) || float.IsNaN(e)) continue;
            var stopped = StoppedInWeather(p, e);
            var flat = flatIsCurtailment && i > 0 && Math.Abs(p - powerShare[i - 1]) <= FlatWithinShare && p >= FlatAboveShare && p <= FlatBelowShare
                && e - p >= CurtailedShortfallShare;
            var derated = !clearSkyCalibratedShare.IsEmpty && Derated(p, clearSkyCalibratedShare[i]);
            suspicious[i] = stopped || flat || derated;
        }

        var flagged = new bool[n];
        var run = 0;
        for (var i = 0; i < n; i++)
        {
            run = suspicious[i] ? run + 1 : 0;
            if (run < MinRunHours) continue;
            if (!lookAhead || run > MinRunHours) flagged[i] = true;
            else for (var j = i - MinRunHours + 1; j <= i; j++) flagged[j] = true;
        }

        // A stop is one outage as a whole. A parked turbine stays parked when the wind drops, so the calm hours of a stop
        // that was windy at some point are not weather either (on a real turbine parked for months they would teach the
        // families that moderate wind gives nothing); a PV plant down at dusk is still down at dawn. From a flagged
        // stopped hour, the stopped hours after it belong to the same stop; with look-ahead the ones before it too.
        for (var i = 1; i < n; i++)
        {
            if (flagged[i - 1] && Stopped(powerShare[i - 1]) && Stopped(powerShare[i])) flagged[i] = true;
        }

        if (lookAhead)
        {
            for (var i = n - 2; i >= 0; i--)
            {
                if (flagged[i + 1] && Stopped(powerShare[i + 1]) && Stopped(powerShare[i])) flagged[i] = true;
            }
        }

        return flagged;
    }

    /// <summary>
    /// An hour without output though the nominal physics promised a clear share of capacity (both ÷ capacity): one hour
    /// of an outage's run, not yet an outage by itself. False when either is unknown.
    /// </summary>
    public static bool StoppedInWeather(float powerShare, float expectedShare) => Stopped(powerShare) && expectedShare >= ExpectedAtLeastShare;

    /// <summary>Under a clear sky, output (÷ capacity) well below the plant's calibrated physics; false when either is unknown.</summary>
    public static bool Derated(float powerShare, float clearSkyCalibratedShare) =>
        clearSkyCalibratedShare >= DeratedExpectedAtLeastShare && powerShare <= DeratedAtMostRatio * clearSkyCalibratedShare;

    /// <summary>Output (÷ capacity) that counts as not producing; false when unknown (NaN).</summary>
    public static bool Stopped(float powerShare) => powerShare <= StoppedBelowShare;
}
