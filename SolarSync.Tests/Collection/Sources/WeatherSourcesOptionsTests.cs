using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Sources;

namespace SolarSync.Tests.Collection.Sources;

[TestFixture]
public sealed class WeatherSourcesOptionsTests
{
    [TestCase("NasaPowerBaseUrl", "power.larc.nasa.gov")]
    [TestCase("OpenMeteoForecastBaseUrl", "http://")]
    [TestCase("OpenMeteoArchiveBaseUrl", "ftp://archive-api.open-meteo.com")]
    [TestCase("TimeoutSeconds", "0")]
    [TestCase("MaxRetryAttempts", "0")]
    [TestCase("MaxDaysPerNasaCall", "400")]
    [TestCase("CircuitBreakerMinimumThroughput", "1")]
    public async Task A_bad_value_stops_the_host_at_start_up_naming_the_key(string key, string value)
    {
        var failures = ValidationFailures(await StartWithAsync((key, value)));

        Assert.That(failures, Is.Not.Empty.And.All.Contains($"Collection:Sources:{key}"));
    }

    [Test]
    public async Task A_total_timeout_shorter_than_one_attempt_stops_the_host()
    {
        var failures = ValidationFailures(await StartWithAsync(("TimeoutSeconds", "30"), ("TotalTimeoutSeconds", "10")));

        Assert.That(failures, Is.Not.Empty.And.All.Contains("Collection:Sources:TotalTimeoutSeconds must not be smaller"));
    }

    [Test]
    public async Task Retry_waits_longer_than_the_total_timeout_stop_the_host()
    {
        // 10 s · (2^3 − 1) = 70 s of waiting cannot fit in 60 s.
        var failures = ValidationFailures(await StartWithAsync(("RetryBaseDelaySeconds", "10"), ("MaxRetryAttempts", "3"),
            ("TotalTimeoutSeconds", "60"), ("TimeoutSeconds", "5")));

        Assert.That(failures, Is.Not.Empty.And.All.Contains("Collection:Sources:TotalTimeoutSeconds must cover the retry waits"));
    }

    [Test]
    public async Task The_defaults_start()
    {
        Assert.That(await StartWithAsync(), Is.Null);
    }

    [Test]
    public void The_defaults_point_at_the_public_APIs()
    {
        var defaults = new WeatherSourcesOptions();

        Assert.Multiple(() =>
        {
            Assert.That(defaults.NasaPowerBaseUrl, Is.EqualTo("https://power.larc.nasa.gov"));
            Assert.That(defaults.OpenMeteoForecastBaseUrl, Is.EqualTo("https://api.open-meteo.com"));
            Assert.That(defaults.OpenMeteoArchiveBaseUrl, Is.EqualTo("https://archive-api.open-meteo.com"));
            Assert.That(defaults.MaxDaysPerNasaCall, Is.EqualTo(366));
            Assert.That(defaults.ForecastDays, Is.EqualTo(7));
        });
    }

    /// <summary>
    /// The messages of the start-up failure. Several validators read the options at start (ours and the resilience
    /// handlers' own, which are built from ours), so the host may wrap the same failure in an AggregateException;
    /// every part must be an options validation failure.
    /// </summary>
    private static IReadOnlyList<string> ValidationFailures(Exception? error)
    {
        Assert.That(error, Is.Not.Null, "the host started");
        var parts = error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [error!];
        Assert.That(parts, Is.All.InstanceOf<OptionsValidationException>());
        return parts.Select(p => p.Message).ToList();
    }

    private static async Task<Exception?> StartWithAsync(params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(
            settings.Select(s => new KeyValuePair<string, string?>($"{WeatherSourcesOptions.Section}:{s.Key}", s.Value)));
        builder.Services.AddWeatherSources();
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
