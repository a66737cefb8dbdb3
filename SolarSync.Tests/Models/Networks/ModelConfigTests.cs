using System.Text.Json;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;
using TorchSharp.Modules;

namespace SolarSync.Tests.Models.Networks;

public sealed class ModelConfigTests
{
    [Test]
    public void The_defaults_follow_the_design_solar_3x128_lstm_and_wind_2_layer_gru()
    {
        var solar = ModelConfig.SolarDefaults(encoderWidth: 32, decoderWidth: 16);
        var wind = ModelConfig.WindDefaults(encoderWidth: 24, decoderWidth: 12);

        Assert.Multiple(() =>
        {
            Assert.That((solar.Type, solar.Layers, solar.Hidden, solar.Lookback), Is.EqualTo((ModelConfig.Solar, 3, 128, 48)));
            Assert.That((wind.Type, wind.Layers, wind.Hidden, wind.Lookback), Is.EqualTo((ModelConfig.Wind, 2, 64, 48)));
            Assert.That(solar.BatchSize, Is.EqualTo(32));
        });
    }

    [Test]
    public void The_factory_builds_the_architecture_the_type_names()
    {
        using var solar = Forecasters.Create(ModelConfig.SolarDefaults(32, 16));
        using var wind = Forecasters.Create(ModelConfig.WindDefaults(24, 12));

        Assert.Multiple(() =>
        {
            Assert.That(solar, Is.InstanceOf<SolarLstmForecaster>());
            Assert.That(solar.modules().OfType<LSTM>().Count(), Is.EqualTo(1));
            Assert.That(wind, Is.InstanceOf<WindGruAttentionForecaster>());
            Assert.That(wind.modules().OfType<GRU>().Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_configuration_survives_a_json_round_trip()
    {
        var config = ModelConfig.WindDefaults(24, 12) with { Dropout = 0.25, LearningRate = 3e-4, Seed = 123 };

        var json = config.ToJson();

        Assert.Multiple(() =>
        {
            Assert.That(ModelConfig.FromJson(json), Is.EqualTo(config));
            Assert.That(json, Does.Contain("\"type\": \"wind\"").And.Contain("\"learningRate\""));
        });
    }

    [Test]
    public void A_configuration_with_an_unknown_type_or_a_bad_value_is_rejected_naming_the_field()
    {
        var unknown = ModelConfig.SolarDefaults(32, 16).ToJson().Replace("\"solar\"", "\"tidal\"");
        var noLayers = ModelConfig.SolarDefaults(32, 16) with { Layers = 0 };

        Assert.Multiple(() =>
        {
            Assert.That(() => ModelConfig.FromJson(unknown), Throws.ArgumentException.With.Message.Contains("tidal"));
            Assert.That(noLayers.Validate, Throws.ArgumentException.With.Property("ParamName").EqualTo("Layers"));
            Assert.That(() => ModelConfig.FromJson("null"), Throws.InstanceOf<JsonException>());
        });
    }
}
