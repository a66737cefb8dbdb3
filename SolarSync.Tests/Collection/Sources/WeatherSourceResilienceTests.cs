using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Sources;
using SolarSync.Modules.Collection.Sources.NasaPower;
using SolarSync.Modules.Collection.Sources.OpenMeteo;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Tests.Collection.Sources;

/// <summary>Retries, timeouts and the circuit breaker as configured by AddWeatherSources, against a real socket.</summary>
[TestFixture]
public sealed class WeatherSourceResilienceTests
{
    private const string NasaPath = "/api/temporal/hourly/point";
    private static readonly DateOnly Feb2 = new(2025, 2, 2), Feb3 = new(2025, 2, 3);
    private static readonly TimeSpan LongHang = TimeSpan.FromSeconds(30);

    private ReplayServer server = null!;

    [SetUp]
    public async Task StartServer() => server = await ReplayServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await server.DisposeAsync();

    [Test]
    public async Task A_500_followed_by_a_200_is_retried_and_succeeds()
    {
        server.FailNext(1, HttpStatusCode.InternalServerError);
        await using var provider = WeatherSourcesHarness.Build(server);

        var rows = await Nasa(provider).GetHourlyAsync(1, 44.76, 7.64, Feb2, Feb3, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(48));
            Assert.That(server.CountRequests(NasaPath), Is.EqualTo(2));
        });
    }

    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.InternalServerError)]
    public async Task Transient_statuses_are_retried_until_the_forecast_arrives(HttpStatusCode status)
    {
        server.FailNext(2, status);
        await using var provider = WeatherSourcesHarness.Build(server, [("MaxRetryAttempts", "2")]);

        var forecast = await OpenMeteo(provider).GetForecastAsync(1, 52.45, 13.53, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(forecast.Hours, Has.Count.EqualTo(47));
            Assert.That(server.CountRequests("/v1/forecast"), Is.EqualTo(3));
        });
    }

    [TestCase(1)]
    [TestCase(3)]
    public async Task A_persistent_500_fails_after_the_configured_number_of_attempts(int maxRetryAttempts)
    {
        server.AlwaysFail(_ => true, HttpStatusCode.InternalServerError);
        await using var provider = WeatherSourcesHarness.Build(server,
            [("MaxRetryAttempts", maxRetryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() =>
            Nasa(provider).GetHourlyAsync(1, 44.76, 7.64, Feb2, Feb3, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(server.CountRequests(NasaPath), Is.EqualTo(1 + maxRetryAttempts));
            Assert.That(error!.SourceName, Is.EqualTo(ObservationSources.NasaPower));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(error.Url, Does.StartWith(server.BaseUrl + "api/temporal/hourly/point?"));
            Assert.That(error.Message, Does.Contain("nasa-power").And.Contain("500").And.Contain(NasaPath));
        });
    }

    [Test]
    public async Task A_source_that_hangs_once_is_timed_out_and_retried()
    {
        server.HangNext(1, LongHang);
        await using var provider = WeatherSourcesHarness.Build(server, [("TimeoutSeconds", "0.3")]);

        var forecast = await OpenMeteo(provider).GetForecastAsync(1, 52.45, 13.53, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(forecast.Hours, Is.Not.Empty);
            Assert.That(server.CountRequests("/v1/forecast"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_source_that_keeps_hanging_fails_after_the_configured_number_of_attempts()
    {
        server.HangNext(10, LongHang);
        await using var provider = WeatherSourcesHarness.Build(server,
            [("TimeoutSeconds", "0.3"), ("MaxRetryAttempts", "2")]);
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<WeatherSourceException>(() =>
            OpenMeteo(provider).GetArchiveAsync(1, 44.76, 7.64, Feb2, Feb2, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(server.CountRequests("/v1/archive"), Is.EqualTo(3));
            Assert.That(error!.StatusCode, Is.Null, "no response ever came back");
            Assert.That(error.SourceName, Is.EqualTo(ObservationSources.OpenMeteo));
            Assert.That(error.Url, Does.Contain("/archive-api/v1/archive?"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "attempt timeouts, not the 30 s hang");
        });
    }

    [Test]
    public async Task The_total_timeout_ends_the_call_even_when_retries_remain()
    {
        server.HangNext(10, LongHang);
        await using var provider = WeatherSourcesHarness.Build(server,
            [("TimeoutSeconds", "0.3"), ("TotalTimeoutSeconds", "0.8"), ("MaxRetryAttempts", "5")]);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() =>
            Nasa(provider).GetHourlyAsync(1, 44.76, 7.64, Feb2, Feb2, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.Null);
            Assert.That(server.CountRequests(NasaPath), Is.InRange(2, 3), "0.8 s holds two or three 0.3 s attempts, not six");
        });
    }

    [Test]
    public async Task An_open_circuit_fails_fast_without_calling_the_source()
    {
        server.AlwaysFail(_ => true, HttpStatusCode.ServiceUnavailable);
        await using var provider = WeatherSourcesHarness.Build(server,
        [
            ("MaxRetryAttempts", "1"), ("CircuitBreakerMinimumThroughput", "2"), ("CircuitBreakerFailureRatio", "0.5"),
            ("CircuitBreakerBreakSeconds", "30"),
        ]);
        var client = Nasa(provider);

        var first = Assert.ThrowsAsync<WeatherSourceException>(() =>
            client.GetHourlyAsync(1, 44.76, 7.64, Feb2, Feb2, CancellationToken.None));
        var requestsWhenOpened = server.CountRequests(NasaPath);
        var second = Assert.ThrowsAsync<WeatherSourceException>(() =>
            client.GetHourlyAsync(1, 44.76, 7.64, Feb2, Feb2, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(first!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(requestsWhenOpened, Is.EqualTo(2));
            Assert.That(second!.StatusCode, Is.Null);
            Assert.That(second.Reason, Does.Contain("circuit").IgnoreCase);
            Assert.That(server.CountRequests(NasaPath), Is.EqualTo(requestsWhenOpened), "the open circuit sent nothing");
        });
    }

    [Test]
    public async Task Cancellation_by_the_caller_is_not_reported_as_a_source_failure()
    {
        server.HangNext(1, LongHang);
        await using var provider = WeatherSourcesHarness.Build(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await Nasa(provider).GetHourlyAsync(1, 44.76, 7.64, Feb2, Feb2, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Credentials_in_a_url_are_masked_before_they_reach_an_exception()
    {
        var masked = WeatherSourceHttp.MaskSecrets(
            new Uri("https://user:pw@customer-api.open-meteo.com/v1/forecast?latitude=1&apikey=s3cr3t&timezone=UTC"));

        Assert.That(masked, Is.EqualTo("https://customer-api.open-meteo.com/v1/forecast?latitude=1&apikey=***&timezone=UTC"));
    }

    private static NasaPowerClient Nasa(IServiceProvider provider) => provider.GetRequiredService<NasaPowerClient>();

    private static OpenMeteoClient OpenMeteo(IServiceProvider provider) => provider.GetRequiredService<OpenMeteoClient>();
}
