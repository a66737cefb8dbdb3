using System.ComponentModel.DataAnnotations;

namespace SolarSync.Modules.Collection.Sources;

/// <summary>
/// Where the weather sources live and how hard to try them. Tests point the base URLs at a local server and shrink
/// the timeouts and delays; every value has a production default.
/// </summary>
internal sealed class WeatherSourcesOptions : IValidatableObject
{
    public const string Section = "Collection:Sources";

    [Required(ErrorMessage = "Collection:Sources:NasaPowerBaseUrl is required.")]
    [Url(ErrorMessage = "Collection:Sources:NasaPowerBaseUrl must be an absolute http(s) URL.")]
    public string NasaPowerBaseUrl { get; init; } = "https://power.larc.nasa.gov";

    [Required(ErrorMessage = "Collection:Sources:OpenMeteoForecastBaseUrl is required.")]
    [Url(ErrorMessage = "Collection:Sources:OpenMeteoForecastBaseUrl must be an absolute http(s) URL.")]
    public string OpenMeteoForecastBaseUrl { get; init; } = "https://api.open-meteo.com";

    [Required(ErrorMessage = "Collection:Sources:OpenMeteoArchiveBaseUrl is required.")]
    [Url(ErrorMessage = "Collection:Sources:OpenMeteoArchiveBaseUrl must be an absolute http(s) URL.")]
    public string OpenMeteoArchiveBaseUrl { get; init; } = "https://archive-api.open-meteo.com";

    /// <summary>
    /// Timeout of one attempt. A year of hourly NASA POWER data can take tens of seconds to assemble, hence the
    /// generous default. Fractions are allowed so tests can use a few hundred milliseconds.
    /// </summary>
    [Range(0.05, 3600, ErrorMessage = "Collection:Sources:TimeoutSeconds must be between 0.05 and 3600.")]
    public double TimeoutSeconds { get; init; } = 60;

    /// <summary>Timeout of one call including every retry and the waits between them.</summary>
    [Range(0.05, 86400, ErrorMessage = "Collection:Sources:TotalTimeoutSeconds must be between 0.05 and 86400.")]
    public double TotalTimeoutSeconds { get; init; } = 300;

    /// <summary>Retries after the first attempt (so a call makes at most MaxRetryAttempts + 1 requests).</summary>
    [Range(1, 10, ErrorMessage = "Collection:Sources:MaxRetryAttempts must be between 1 and 10.")]
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>First retry delay; later ones double (exponential backoff) and are jittered.</summary>
    [Range(0, 300, ErrorMessage = "Collection:Sources:RetryBaseDelaySeconds must be between 0 and 300.")]
    public double RetryBaseDelaySeconds { get; init; } = 2;

    /// <summary>Share of failed attempts within the sampling window that opens the circuit.</summary>
    [Range(0.01, 1.0, ErrorMessage = "Collection:Sources:CircuitBreakerFailureRatio must be between 0.01 and 1.")]
    public double CircuitBreakerFailureRatio { get; init; } = 0.5;

    /// <summary>
    /// Attempts needed in the window before the breaker may open. Collection jobs make a handful of calls an hour,
    /// so the library default (100) would never trip.
    /// </summary>
    [Range(2, 1000, ErrorMessage = "Collection:Sources:CircuitBreakerMinimumThroughput must be between 2 and 1000.")]
    public int CircuitBreakerMinimumThroughput { get; init; } = 6;

    [Range(0.5, 86400, ErrorMessage = "Collection:Sources:CircuitBreakerSamplingSeconds must be between 0.5 and 86400.")]
    public double CircuitBreakerSamplingSeconds { get; init; } = 600;

    [Range(0.5, 86400, ErrorMessage = "Collection:Sources:CircuitBreakerBreakSeconds must be between 0.5 and 86400.")]
    public double CircuitBreakerBreakSeconds { get; init; } = 60;

    /// <summary>Longer NASA POWER ranges are split into consecutive calls of at most this many days.</summary>
    [Range(1, 366, ErrorMessage = "Collection:Sources:MaxDaysPerNasaCall must be between 1 and 366.")]
    public int MaxDaysPerNasaCall { get; init; } = 366;

    /// <summary>Days requested from the Open-Meteo forecast API (it serves up to 16).</summary>
    [Range(1, 16, ErrorMessage = "Collection:Sources:ForecastDays must be between 1 and 16.")]
    public int ForecastDays { get; init; } = 7;

    public TimeSpan AttemptTimeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan TotalTimeout => TimeSpan.FromSeconds(TotalTimeoutSeconds);

    public TimeSpan RetryBaseDelay => TimeSpan.FromSeconds(RetryBaseDelaySeconds);

    /// <summary>
    /// The rules Microsoft.Extensions.Http.Resilience checks only when the first client is created; checking them
    /// here makes a bad combination fail at start-up, naming our keys rather than the library's.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // [Url] only looks at the scheme prefix; "http://" alone would pass it and fail later in new Uri(...).
        foreach (var (key, value) in new[]
                 {
                     (nameof(NasaPowerBaseUrl), NasaPowerBaseUrl),
                     (nameof(OpenMeteoForecastBaseUrl), OpenMeteoForecastBaseUrl),
                     (nameof(OpenMeteoArchiveBaseUrl), OpenMeteoArchiveBaseUrl),
                 })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
                string.IsNullOrEmpty(uri.Host))
            {
                yield return new ValidationResult($"{Section}:{key} must be an absolute http(s) URL.", [key]);
            }
        }

        if (TotalTimeoutSeconds < TimeoutSeconds)
        {
            yield return new ValidationResult(
                "Collection:Sources:TotalTimeoutSeconds must not be smaller than Collection:Sources:TimeoutSeconds.",
                [nameof(TotalTimeoutSeconds), nameof(TimeoutSeconds)]);
        }

        if (CircuitBreakerSamplingSeconds < 2 * TimeoutSeconds)
        {
            yield return new ValidationResult(
                "Collection:Sources:CircuitBreakerSamplingSeconds must be at least twice Collection:Sources:TimeoutSeconds.",
                [nameof(CircuitBreakerSamplingSeconds), nameof(TimeoutSeconds)]);
        }

        // Exponential backoff without jitter waits base·(1 + 2 + … + 2^(n−1)) = base·(2^n − 1) in total.
        var worstRetryWaitSeconds = RetryBaseDelaySeconds * (Math.Pow(2, MaxRetryAttempts) - 1);
        if (worstRetryWaitSeconds > TotalTimeoutSeconds)
        {
            yield return new ValidationResult(
                "Collection:Sources:TotalTimeoutSeconds must cover the retry waits " +
                $"(Collection:Sources:RetryBaseDelaySeconds × (2^MaxRetryAttempts − 1) = {worstRetryWaitSeconds:0.###} s).",
                [nameof(TotalTimeoutSeconds), nameof(RetryBaseDelaySeconds), nameof(MaxRetryAttempts)]);
        }
    }
}
