using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Devices;

/// <summary>Plant devices over MQTT: the broker connection (telemetry in and forecasts out build on it).</summary>
public static class DevicesModule
{
    public static IHostApplicationBuilder AddDevicesModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MqttConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());

        var mqttHost = builder.Configuration[$"{MqttOptions.Section}:Host"];
        if (!string.IsNullOrWhiteSpace(mqttHost))
            builder.Services.AddHealthChecks().AddCheck<MqttHealthCheck>("mqtt", tags: [HealthTags.Ready]);
        return builder;
    }
}
