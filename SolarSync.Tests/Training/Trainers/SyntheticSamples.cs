using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Training.Trainers;

/// <summary>
/// Small seeded forecasting problems. Each sample has a hidden "level" (seen only through the lookback, with
/// noise) and a daily cycle with a random phase; each future hour has a clearness covariate. The target is
/// level × (0.3 + 0.7 × clearness): the model needs both the encoder history and the decoder covariates.
/// </summary>
internal static class SyntheticSamples
{
    public const int EncoderWidth = 3;
    public const int DecoderWidth = 2;

    // Radians per hour of the synthetic cycle (a 12.6 h "day", so a short lookback sees most of one).
    private const double CycleRate = 0.5;

    /// <param name="solar">Hours where the cycle is low are night: masked out and with target 0.</param>
    /// <param name="targetNoise">Standard deviation of Gaussian noise added to every known target.</param>
    public static TrainingData Create(
        int count, int lookback, int horizon, int seed, bool solar = false, double targetNoise = 0)
    {
        var random = new Random(seed);
        var encoder = new float[count * lookback * EncoderWidth];
        var decoder = new float[count * horizon * DecoderWidth];
        var target = new float[count * horizon];
        var mask = new bool[count * horizon];
        for (var n = 0; n < count; n++)
        {
            var level = 0.2 + 0.6 * random.NextDouble();
            var phase = random.NextDouble() * 2 * Math.PI;
            for (var t = 0; t < lookback; t++)
            {
                var e = (n * lookback + t) * EncoderWidth;
                var angle = phase + t * CycleRate;
                encoder[e] = (float)(level + 0.05 * random.NextGaussian());
                encoder[e + 1] = (float)Math.Sin(angle);
                encoder[e + 2] = (float)(level * Math.Cos(angle));
            }

            for (var h = 0; h < horizon; h++)
            {
                var clearness = random.NextDouble();
                var sun = Math.Sin(phase + (lookback + h) * CycleRate);
                var d = (n * horizon + h) * DecoderWidth;
                decoder[d] = (float)clearness;
                decoder[d + 1] = (float)sun;

                var daylight = !solar || sun > -0.3;
                var value = daylight ? level * (0.3 + 0.7 * clearness) : 0;
                if (targetNoise > 0)
                {
                    value += targetNoise * random.NextGaussian();
                }

                target[n * horizon + h] = (float)value;
                mask[n * horizon + h] = daylight;
            }
        }

        return new TrainingData(count, lookback, horizon, EncoderWidth, DecoderWidth, encoder, decoder, target, mask);
    }

    public static ModelConfig TinyConfig(string type, int lookback, int horizon, int seed = 7) => new(
        type, lookback, horizon, EncoderWidth, DecoderWidth,
        Hidden: 16, Layers: 2, Dropout: 0, LearningRate: 0.01, BatchSize: 32, MaxEpochs: 20, Patience: 20, Seed: seed);

    /// <summary>Mean squared error over known targets where the mask is true, in double precision.</summary>
    public static double MaskedMse(float[] prediction, TrainingData data)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < prediction.Length; i++)
        {
            if (data.Mask[i] && !float.IsNaN(data.Target[i]))
            {
                var difference = (double)prediction[i] - data.Target[i];
                sum += difference * difference;
                count++;
            }
        }

        return sum / count;
    }
}
