using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Models.Families;

public sealed class TabularRowsTests
{
    private static readonly string[] Dates = ["doy_sin", "doy_cos", "weekday_sin", "weekday_cos"];

    [Test]
    public void Solar_rows_leave_the_date_empty_and_keep_the_hour_and_the_weather()
    {
        const PlantType type = PlantType.Solar;
        var samples = Samples(type);
        var index = 1 * samples.Horizon + 2;

        var row = TabularRows.Build(samples, new float[samples.Count * samples.Horizon], [index]);
        var older = TabularRows.Build(samples, new float[samples.Count * samples.Horizon], [index], new TabularLayout(Neighbours: true, WithoutDates: false));

        var encoderStart = row.Length - samples.EncoderWidth - 4;
        Assert.Multiple(() =>
        {
            foreach (var name in Dates)
            {
                Assert.That(row[samples.DecoderColumn(name)], Is.NaN, name + " (decoder)");
                Assert.That(row[encoderStart + samples.EncoderColumn(name)], Is.NaN, name + " (encoder)");
                Assert.That(older[samples.DecoderColumn(name)], Is.EqualTo(Decoder(samples, index, name)), name + " (older layout)");
            }

            foreach (var name in new[] { "hour_sin", "solar_elevation_deg", "ghi", "calibrated_kw_norm" })
            {
                Assert.That(row[samples.DecoderColumn(name)], Is.EqualTo(Decoder(samples, index, name)), name);
            }

            Assert.That(row, Has.Length.EqualTo(older.Length));
        });
    }

    [Test]
    public void Wind_rows_keep_the_date()
    {
        var samples = Samples(PlantType.Wind);
        var index = 1 * samples.Horizon + 2;

        var row = TabularRows.Build(samples, new float[samples.Count * samples.Horizon], [index]);

        Assert.Multiple(() =>
        {
            foreach (var name in Dates) Assert.That(row[samples.DecoderColumn(name)], Is.EqualTo(Decoder(samples, index, name)), name);
        });
    }

    private static float Decoder(FeatureSamples s, int index, string name) => s.Decoder[index * s.DecoderWidth + s.DecoderColumn(name)];

    private static FeatureSamples Samples(PlantType type)
    {
        var (encoder, decoder) = FeatureCatalog.For(type);
        const int count = 2, lookback = 4, horizon = 3;
        var random = new Random(3);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() + 0.5f).ToArray();
        return new FeatureSamples(count, lookback, horizon, encoder.Count, decoder.Count, Values(count * lookback * encoder.Count),
            Values(count * horizon * decoder.Count), Values(count * horizon), [DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1)],
            new bool[count * horizon], new float[count * horizon], new float[count * horizon])
        {
            EncoderFeatures = encoder,
            DecoderFeatures = decoder,
        };
    }
}
