using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Sources;

namespace SolarSync.Tests.Collection.Sources;

/// <summary>
/// Builds the clients through the production registration (<see cref="WeatherSourceRegistration.AddWeatherSources"/>),
/// with the base URLs pointed at a <see cref="ReplayServer"/> and timings shrunk so failure tests take milliseconds.
/// </summary>
internal static class WeatherSourcesHarness
{
    /// <summary>The archive sits under a path prefix to prove its base URL is separate and kept whole.</summary>
    public const string ArchivePrefix = "archive-api";

    /// <param name="overrides">Keys relative to <c>Collection:Sources</c>, e.g. ("MaxRetryAttempts", "2").</param>
    /// <param name="time">
    /// Registered as the host's TimeProvider. The resilience pipeline picks it up too, so pass a fake one only to tests
    /// that neither retry nor time out.
    /// </param>
    public static ServiceProvider Build(ReplayServer server, IEnumerable<(string Key, string Value)>? overrides = null,
        TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["NasaPowerBaseUrl"] = server.BaseUrl.ToString(),
            ["OpenMeteoForecastBaseUrl"] = server.BaseUrl.ToString(),
            ["OpenMeteoArchiveBaseUrl"] = new Uri(server.BaseUrl, ArchivePrefix).ToString(),
            ["TimeoutSeconds"] = "2",
            ["TotalTimeoutSeconds"] = "20",
            ["MaxRetryAttempts"] = "2",
            ["RetryBaseDelaySeconds"] = "0.01",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => $"{WeatherSourcesOptions.Section}:{s.Key}", s => s.Value))
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddWeatherSources();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
