using System.Text;
using System.Text.Json;
using Polly;

namespace SolarSync.Modules.Collection.Sources;

/// <summary>
/// The one way the source clients call out: GET through the resilience pipeline, then parse the whole JSON body or
/// fail. Every failure leaves as a <see cref="WeatherSourceException"/>; only the caller's own cancellation passes
/// through as <see cref="OperationCanceledException"/>.
/// </summary>
internal static class WeatherSourceHttp
{
    private const int BodyExcerptChars = 300;

    private static readonly string[] SecretQueryMarkers = ["key", "token", "secret", "password", "signature"];

    /// <param name="parse">Reads the document; throws <see cref="FormatException"/> with the reason when it is unusable.</param>
    public static async Task<T> GetJsonAsync<T>(HttpClient http, string sourceName, Uri requestUri,
        Func<JsonElement, T> parse, CancellationToken ct)
    {
        var url = MaskSecrets(http.BaseAddress is { } baseAddress && !requestUri.IsAbsoluteUri
            ? new Uri(baseAddress, requestUri)
            : requestUri);

        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(requestUri, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (ExecutionRejectedException ex)
        {
            // Polly: TimeoutRejectedException (attempt or total timeout), BrokenCircuitException (open circuit),
            // RateLimiterRejectedException.
            throw new WeatherSourceException(sourceName, null, url, $"no usable response after the retries ({ex.Message})", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new WeatherSourceException(sourceName, ex.StatusCode, url, $"request failed after the retries ({ex.Message})", ex);
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient.Timeout: the backstop that also covers reading the body, which the pipeline does not see.
            throw new WeatherSourceException(sourceName, null, url, "timed out", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = await ReadExcerptAsync(response, ct);
                throw new WeatherSourceException(sourceName, response.StatusCode, url,
                    "non-success status (transient statuses were retried first)" +
                    (excerpt.Length > 0 ? $"; body: {excerpt}" : ""));
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                using var document = await JsonDocument.ParseAsync(body, default, ct);
                return parse(document.RootElement);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (JsonException ex)
            {
                throw new WeatherSourceException(sourceName, response.StatusCode, url, $"malformed body: invalid JSON ({ex.Message})", ex);
            }
            catch (FormatException ex)
            {
                throw new WeatherSourceException(sourceName, response.StatusCode, url, $"malformed body: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Drops user info and masks query values whose names look like credentials (api keys of paid plans).</summary>
    internal static string MaskSecrets(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return uri.ToString();
        }

        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            var parts = query.Split('&');
            for (var i = 0; i < parts.Length; i++)
            {
                var eq = parts[i].IndexOf('=');
                var name = eq < 0 ? parts[i] : parts[i][..eq];
                if (eq >= 0 && SecretQueryMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase)))
                {
                    parts[i] = name + "=***";
                }
            }

            builder.Query = string.Join('&', parts);
        }

        return builder.Uri.ToString();
    }

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var flat = new StringBuilder(Math.Min(text.Length, BodyExcerptChars));
            foreach (var c in text)
            {
                if (flat.Length >= BodyExcerptChars)
                {
                    flat.Append('…');
                    break;
                }

                flat.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }

            return flat.ToString().Trim();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            return "";
        }
    }
}
