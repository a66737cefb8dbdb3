using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Sources;
using SolarSync.Modules.Collection.Sources.NasaPower;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Tests.Collection.Sources;

[TestFixture]
public sealed class NasaPowerClientTests
{
    private const long SiteId = 42;
    private const double Lat = 44.76, Lon = 7.64;
    private static readonly DateOnly Feb2 = new(2025, 2, 2), Feb3 = new(2025, 2, 3);

    private ReplayServer server = null!;

    [SetUp]
    public async Task StartServer() => server = await ReplayServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await server.DisposeAsync();

    [Test]
    public async Task Hourly_history_is_asked_for_in_UTC_with_the_documented_query()
    {
        await FetchAsync(Feb2, Feb3);

        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo("/api/temporal/hourly/point"));
            Assert.That(request.Query, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["community"] = "RE",
                ["parameters"] = "ALLSKY_SFC_SW_DWN,ALLSKY_SFC_SW_DNI,ALLSKY_SFC_SW_DIFF,T2M,RH2M,PS,WS10M,WS50M,WD10M",
                ["latitude"] = "44.76",
                ["longitude"] = "7.64",
                ["start"] = "20250202",
                ["end"] = "20250203",
                ["format"] = "JSON",
                ["time-standard"] = "UTC",
            }));
        });
    }

    [Test]
    public async Task Every_hour_of_the_range_becomes_one_observation_stamped_at_its_UTC_start()
    {
        var rows = await FetchAsync(Feb2, Feb3);

        var expectedHours = Enumerable.Range(0, 48).Select(h => new DateTimeOffset(2025, 2, 2, 0, 0, 0, TimeSpan.Zero).AddHours(h));
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Ts), Is.EqualTo(expectedHours));
            Assert.That(rows.Select(r => r.Ts.Offset).Distinct(), Is.EqualTo(new[] { TimeSpan.Zero }));
            Assert.That(rows.Select(r => r.Source).Distinct(), Is.EqualTo(new[] { ObservationSources.NasaPower }));
            Assert.That(rows.Select(r => r.SiteId).Distinct(), Is.EqualTo(new[] { SiteId }));
        });
    }

    [Test]
    public async Task Irradiance_temperature_humidity_and_wind_are_taken_as_sent()
    {
        var noon = At(await FetchAsync(Feb2, Feb3), 2, 12);

        Assert.Multiple(() =>
        {
            Assert.That(noon.GhiWm2, Is.EqualTo(384.0));
            Assert.That(noon.DniWm2, Is.EqualTo(729.6));
            Assert.That(noon.DhiWm2, Is.EqualTo(84.48));
            Assert.That(noon.TempC, Is.EqualTo(5.41));
            Assert.That(noon.RelHumidityPct, Is.EqualTo(82.99));
            Assert.That(noon.WindSpeed10mMs, Is.EqualTo(2.1));
            Assert.That(noon.WindDirDeg, Is.EqualTo(300.0));
            Assert.That(noon.CloudCoverPct, Is.Null, "POWER is not asked for cloud cover");
        });
    }

    [Test]
    public async Task Surface_pressure_is_converted_from_kPa_to_hPa()
    {
        var noon = At(await FetchAsync(Feb2, Feb3), 2, 12);

        Assert.That(noon.PressureHpa, Is.EqualTo(932.9).Within(1e-9));
    }

    [Test]
    public async Task Wind_at_50_m_is_lifted_to_100_m_with_the_one_seventh_power_law()
    {
        var noon = At(await FetchAsync(Feb2, Feb3), 2, 12);

        // 2.84 m/s at 50 m; (100/50)^(1/7) = 1.10409.
        Assert.That(noon.WindSpeed100mMs, Is.EqualTo(2.84 * 1.104089514).Within(1e-6));
    }

    [Test]
    public async Task Fill_values_become_null_without_touching_the_rest_of_the_hour()
    {
        var rows = await FetchAsync(Feb2, Feb3);

        Assert.Multiple(() =>
        {
            var tenOClock = At(rows, 2, 10);
            Assert.That(tenOClock.DniWm2, Is.Null);
            Assert.That(tenOClock.DhiWm2, Is.Null);
            Assert.That(tenOClock.GhiWm2, Is.EqualTo(361.2));

            Assert.That(At(rows, 2, 23).PressureHpa, Is.Null, "a missing pressure must not become −9990 hPa");
            Assert.That(At(rows, 3, 5).TempC, Is.Null);

            var windGap = At(rows, 3, 12);
            Assert.That(windGap.WindSpeed100mMs, Is.Null, "a missing 50 m wind must not be extrapolated");
            Assert.That(windGap.WindSpeed10mMs, Is.EqualTo(3.6));

            Assert.That(rows.SelectMany(Values).Where(v => v is < -900), Is.Empty);
        });
    }

    [Test]
    public async Task A_range_longer_than_MaxDaysPerNasaCall_is_fetched_in_consecutive_calls()
    {
        await using var provider = WeatherSourcesHarness.Build(server, [("MaxDaysPerNasaCall", "1")]);
        var chunked = await provider.GetRequiredService<NasaPowerClient>()
            .GetHourlyAsync(SiteId, Lat, Lon, Feb2, Feb3, CancellationToken.None);
        var whole = await FetchAsync(Feb2, Feb3);

        Assert.Multiple(() =>
        {
            Assert.That(server.CountRequests("/api/temporal/hourly/point"), Is.EqualTo(3), "two chunks, then the single call");
            Assert.That(server.Requests.Take(2).Select(r => (r.Query["start"], r.Query["end"])),
                Is.EqualTo(new[] { ("20250202", "20250202"), ("20250203", "20250203") }));
            Assert.That(chunked, Is.EqualTo(whole));
        });
    }

    [Test]
    public async Task A_failing_chunk_fails_the_whole_range_rather_than_returning_part_of_it()
    {
        server.AlwaysFail(r => r.Query.GetValueOrDefault("start") == "20250203", HttpStatusCode.InternalServerError);
        await using var provider = WeatherSourcesHarness.Build(server, [("MaxDaysPerNasaCall", "1")]);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() => provider.GetRequiredService<NasaPowerClient>()
            .GetHourlyAsync(SiteId, Lat, Lon, Feb2, Feb3, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(error.Url, Does.Contain("start=20250203"));
            Assert.That(server.Requests, Has.Count.EqualTo(1 + 3), "first chunk once, second chunk 1 + 2 retries");
        });
    }

    [Test]
    public async Task A_truncated_body_fails_with_the_parse_reason()
    {
        server.Serve("/api/temporal/hourly/point", "nasa-power/truncated.json");
        await using var provider = WeatherSourcesHarness.Build(server);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() => provider.GetRequiredService<NasaPowerClient>()
            .GetHourlyAsync(SiteId, Lat, Lon, Feb2, Feb2, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.SourceName, Is.EqualTo(ObservationSources.NasaPower));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(error.Reason, Does.StartWith("malformed body: invalid JSON"));
            Assert.That(server.Requests, Has.Count.EqualTo(1), "a bad body is not a transient failure");
        });
    }

    [Test]
    public async Task A_response_for_other_days_than_requested_is_refused()
    {
        // Asked for 3 February only, answered with 2–3 February.
        server.Serve("/api/temporal/hourly/point", "nasa-power/hourly_20250202_20250203.json");
        await using var provider = WeatherSourcesHarness.Build(server);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() => provider.GetRequiredService<NasaPowerClient>()
            .GetHourlyAsync(SiteId, Lat, Lon, Feb3, Feb3, CancellationToken.None));

        Assert.That(error!.Reason, Does.Contain("outside the requested days"));
    }

    [Test]
    public async Task A_client_error_is_reported_at_once_without_retries()
    {
        server.FailNext(1, HttpStatusCode.UnprocessableEntity);
        await using var provider = WeatherSourcesHarness.Build(server);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() => provider.GetRequiredService<NasaPowerClient>()
            .GetHourlyAsync(SiteId, Lat, Lon, Feb2, Feb3, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(error.Message, Does.Contain("injected status 422"), "the source's own explanation is kept");
            Assert.That(server.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void The_requested_parameters_fit_in_one_call()
    {
        Assert.That(NasaPowerHourlyParser.Parameters, Has.Length.LessThanOrEqualTo(NasaPowerClient.MaxParametersPerCall));
    }

    [TestCaseSource(nameof(ChunkCases))]
    public void Days_are_split_into_consecutive_chunks_without_gaps_or_overlap(DateOnly from, DateOnly to, int maxDays,
        (DateOnly, DateOnly)[] expected)
    {
        Assert.That(NasaPowerClient.SplitIntoChunks(from, to, maxDays), Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> ChunkCases()
    {
        yield return new TestCaseData(new DateOnly(2025, 2, 2), new DateOnly(2025, 2, 2), 366,
            new[] { (new DateOnly(2025, 2, 2), new DateOnly(2025, 2, 2)) }).SetName("One day is one call");
        yield return new TestCaseData(new DateOnly(2024, 1, 1), new DateOnly(2025, 12, 31), 366,
            new[]
            {
                (new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)),
                (new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)),
            }).SetName("Two years take two calls of at most 366 days");
        yield return new TestCaseData(new DateOnly(2025, 1, 30), new DateOnly(2025, 2, 3), 2,
            new[]
            {
                (new DateOnly(2025, 1, 30), new DateOnly(2025, 1, 31)),
                (new DateOnly(2025, 2, 1), new DateOnly(2025, 2, 2)),
                (new DateOnly(2025, 2, 3), new DateOnly(2025, 2, 3)),
            }).SetName("A remainder gets a shorter last call");
    }

    private async Task<IReadOnlyList<Observation>> FetchAsync(DateOnly from, DateOnly to)
    {
        await using var provider = WeatherSourcesHarness.Build(server);
        return await provider.GetRequiredService<NasaPowerClient>()
            .GetHourlyAsync(SiteId, Lat, Lon, from, to, CancellationToken.None);
    }

    private static Observation At(IEnumerable<Observation> rows, int day, int hour) =>
        rows.Single(r => r.Ts == new DateTimeOffset(2025, 2, day, hour, 0, 0, TimeSpan.Zero));

    private static IEnumerable<double?> Values(Observation o) =>
    [
        o.GhiWm2, o.DniWm2, o.DhiWm2, o.TempC, o.RelHumidityPct, o.PressureHpa, o.WindSpeed10mMs, o.WindSpeed100mMs,
        o.WindDirDeg,
    ];
}
