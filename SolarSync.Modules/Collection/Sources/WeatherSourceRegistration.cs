using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SolarSync.Modules.Collection.Sources.NasaPower;
using SolarSync.Modules.Collection.Sources.OpenMeteo;

namespace SolarSync.Modules.Collection.Sources;

internal static class WeatherSourceRegistration
{
    /// <summary>
    /// Binds and validates <see cref="WeatherSourcesOptions"/> (section <c>Collection:Sources</c>, checked at start-up)
    /// and registers the typed clients <see cref="NasaPowerClient"/> and <see cref="OpenMeteoClient"/>, each behind the
    /// standard resilience handler: total timeout → retry (exponential backoff with jitter) → circuit breaker →
    /// attempt timeout, all sized from the options.
    /// </summary>
    public static IServiceCollection AddWeatherSources(this IServiceCollection services)
    {
        services.AddOptions<WeatherSourcesOptions>()
            .BindConfiguration(WeatherSourcesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient<NasaPowerClient>((sp, http) =>
                ConfigureClient(http, sp, sp.GetRequiredService<IOptions<WeatherSourcesOptions>>().Value.NasaPowerBaseUrl))
            .AddStandardResilienceHandler()
            .Configure(ConfigureResilience);

        // The archive has its own host but shares this client; selecting the pipeline by authority gives each host its
        // own circuit breaker, so an archive outage does not cut off forecasts.
        services.AddHttpClient<OpenMeteoClient>((sp, http) =>
                ConfigureClient(http, sp, sp.GetRequiredService<IOptions<WeatherSourcesOptions>>().Value.OpenMeteoForecastBaseUrl))
            .AddStandardResilienceHandler()
            .Configure(ConfigureResilience)
            .SelectPipelineByAuthority();

        return services;
    }

    /// <summary>The base URL as an address relative paths append to (a path prefix such as a proxy's is kept).</summary>
    internal static Uri AsBaseAddress(string baseUrl) => new(baseUrl.TrimEnd('/') + "/", UriKind.Absolute);

    private static void ConfigureClient(HttpClient http, IServiceProvider sp, string baseUrl)
    {
        var options = sp.GetRequiredService<IOptions<WeatherSourcesOptions>>().Value;
        http.BaseAddress = AsBaseAddress(baseUrl);
        // The pipeline's total timeout governs; this backstop also covers reading the body, which happens after the
        // handlers have returned and so outside the pipeline.
        http.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(1);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("SolarSync/1.0");
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<WeatherSourcesOptions>>().Value;

        resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;

        // Transient answers (408, 429, 5xx, connection errors, attempt timeouts) are retried; a Retry-After header
        // from a throttling server is honoured.
        resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
        resilience.Retry.Delay = options.RetryBaseDelay;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;

        resilience.CircuitBreaker.FailureRatio = options.CircuitBreakerFailureRatio;
        resilience.CircuitBreaker.MinimumThroughput = options.CircuitBreakerMinimumThroughput;
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(options.CircuitBreakerSamplingSeconds);
        resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakerBreakSeconds);
    }
}
