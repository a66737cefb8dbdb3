using System.Net;

namespace SolarSync.Modules.Collection.Sources;

/// <summary>
/// A weather source could not deliver: a non-success status after the retries, a timeout, an open circuit or a body
/// we cannot parse. Never thrown with partial data: the whole call fails.
/// </summary>
internal sealed class WeatherSourceException : Exception
{
    public WeatherSourceException(string sourceName, HttpStatusCode? statusCode, string url, string reason,
        Exception? innerException = null)
        : base(Describe(sourceName, statusCode, url, reason), innerException)
    {
        SourceName = sourceName;
        StatusCode = statusCode;
        Url = url;
        Reason = reason;
    }

    /// <summary>One of <c>ObservationSources</c> (e.g. "nasa-power").</summary>
    public string SourceName { get; }

    /// <summary>The last status received, or null when no response came back (timeout, connection, circuit).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The requested URL with credentials and secret-looking query values masked.</summary>
    public string Url { get; }

    public string Reason { get; }

    private static string Describe(string sourceName, HttpStatusCode? statusCode, string url, string reason) =>
        statusCode is { } code
            ? $"Weather source '{sourceName}' failed with HTTP {(int)code} ({code}): {reason} [GET {url}]"
            : $"Weather source '{sourceName}' failed: {reason} [GET {url}]";
}
