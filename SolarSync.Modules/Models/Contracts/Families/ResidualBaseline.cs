using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// What a residual family corrects, per forecast hour, ÷ capacity: the calibrated physical output when the hour has
/// weather; without weather, persistence of the latest state — wind the latest observed output, solar the latest
/// daylight clear-sky index (else the same hour's of the day before) times the clear-sky output. Demand (load) has no
/// physics: it is the mean of the same hour over the 7 days before, which carries the daily rhythm and the recent level
/// without copying one day's holiday or outage into the forecast (the families learn the weekday and holiday effects),
/// else the same hour of the day before, else the latest output. 0 when nothing is known.
/// </summary>
public static class ResidualBaseline
{
    public static float[] Of(FeatureSamples raw)
    {
        var result = new float[raw.Count * raw.Horizon];
        var hasWeather = raw.DecoderColumn("has_weather");
        if (raw.DecoderFeatures.Contains("local_hour_sin")) return Load(raw);
        var calibrated = raw.DecoderColumn("calibrated_kw_norm");
        var solar = raw.Solar;
        var lastPower = raw.EncoderColumn("power_norm");
        var dayMean = raw.EncoderColumn("power_roll_mean_24h");
        var lastIndex = solar ? raw.EncoderColumn("power_clear_sky_index") : -1;
        var clearSky = solar ? raw.DecoderColumn("clear_sky_kw_norm") : -1;
        var yesterday = solar ? raw.DecoderColumn("smart_persistence_kw_norm") : -1;
        for (var s = 0; s < raw.Count; s++)
        {
            var last = (s * raw.Lookback + raw.Lookback - 1) * raw.EncoderWidth;
            for (var k = 0; k < raw.Horizon; k++)
            {
                var i = s * raw.Horizon + k;
                var row = i * raw.DecoderWidth;
                float value;
                if (raw.Decoder[row + hasWeather] > 0.5f && !float.IsNaN(raw.Decoder[row + calibrated])) value = raw.Decoder[row + calibrated];
                else if (!solar) value = FirstKnown(raw.Encoder[last + lastPower], raw.Encoder[last + dayMean]);
                else if (raw.Encoder[last + lastIndex] is var index && float.IsFinite(index) && index > 0) value = index * raw.Decoder[row + clearSky];
                else value = FirstKnown(raw.Decoder[row + yesterday], 0);
                result[i] = Math.Clamp(value, 0, 1);
            }
        }

        return result;
    }

    private static float[] Load(FeatureSamples raw)
    {
        var result = new float[raw.Count * raw.Horizon];
        var (week, day) = (raw.DecoderColumn("power_same_hour_mean_7d"), raw.DecoderColumn("power_same_hour_1d"));
        var lastPower = raw.EncoderColumn("power_norm");
        for (var s = 0; s < raw.Count; s++)
        {
            var last = raw.Encoder[(s * raw.Lookback + raw.Lookback - 1) * raw.EncoderWidth + lastPower];
            for (var k = 0; k < raw.Horizon; k++)
            {
                var row = (s * raw.Horizon + k) * raw.DecoderWidth;
                result[s * raw.Horizon + k] = FirstKnown(raw.Decoder[row + week], FirstKnown(raw.Decoder[row + day], last));
            }
        }

        return result;
    }

    private static float FirstKnown(float a, float b) => float.IsNaN(a) ? (float.IsNaN(b) ? 0 : b) : a;
}
