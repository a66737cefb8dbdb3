using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Collection.Sources;
using SolarSync.Modules.Collection.Sources.OpenMeteo;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Tests.Collection.Sources;

[TestFixture]
public sealed class OpenMeteoClientTests
{
    private const long SiteId = 7;
    private const double Lat = 52.45, Lon = 13.53;
    private static readonly DateOnly Feb2 = new(2025, 2, 2);

    private ReplayServer server = null!;

    [SetUp]
    public async Task StartServer() => server = await ReplayServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await server.DisposeAsync();

    [Test]
    public async Task The_forecast_is_asked_for_in_UTC_and_metres_per_second_for_seven_days()
    {
        await ForecastAsync();

        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo("/v1/forecast"));
            Assert.That(request.Query, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["latitude"] = "52.45",
                ["longitude"] = "13.53",
                ["hourly"] = "temperature_2m,relative_humidity_2m,surface_pressure,cloud_cover,shortwave_radiation," +
                             "direct_normal_irradiance,diffuse_radiation,wind_speed_10m,wind_speed_100m,wind_direction_100m",
                ["timezone"] = "UTC",
                ["wind_speed_unit"] = "ms",
                ["forecast_days"] = "7",
            }));
        });
    }

    [Test]
    public async Task The_forecast_is_issued_at_the_start_of_the_hour_of_the_request()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 9, 41, 17, TimeSpan.Zero));

        var forecast = await ForecastAsync(clock);

        Assert.That(forecast.IssuedAt, Is.EqualTo(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task Radiation_moves_to_the_preceding_hour_while_instantaneous_fields_keep_their_stamp()
    {
        var hours = (await ForecastAsync()).Hours;

        // Stamp 04:00 carries the first light of the day (69.9 W/m², mean of 03:00–04:00) and 9.6 °C at 04:00.
        var three = At(hours, 6, 1, 3);
        var four = At(hours, 6, 1, 4);
        Assert.Multiple(() =>
        {
            Assert.That(three.GhiWm2, Is.EqualTo(69.9));
            Assert.That(three.DniWm2, Is.EqualTo(76.9));
            Assert.That(three.DhiWm2, Is.EqualTo(12.6));
            Assert.That(three.TempC, Is.EqualTo(8.5));
            Assert.That(four.TempC, Is.EqualTo(9.6));
            Assert.That(four.WindSpeed100mMs, Is.EqualTo(7.11));
            Assert.That(four.GhiWm2, Is.EqualTo(207.5));
            Assert.That(At(hours, 6, 1, 2).GhiWm2, Is.EqualTo(0.0));
        });
    }

    [Test]
    public async Task Forecast_rows_run_hourly_from_the_first_stamp_to_the_hour_before_the_last()
    {
        var hours = (await ForecastAsync()).Hours;

        // 48 stamps: the last one has no following stamp to supply its radiation, so 47 complete hours.
        var first = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(hours.Select(h => h.Ts), Is.EqualTo(Enumerable.Range(0, 47).Select(i => first.AddHours(i))));
            Assert.That(hours.Select(h => h.Source).Distinct(), Is.EqualTo(new[] { ObservationSources.OpenMeteo }));
            Assert.That(hours.Select(h => h.SiteId).Distinct(), Is.EqualTo(new[] { SiteId }));
            Assert.That(hours[0].PressureHpa, Is.EqualTo(1008.4), "surface_pressure is already in hPa");
            Assert.That(hours[0].WindDirDeg, Is.EqualTo(240.0));
            Assert.That(hours[0].CloudCoverPct, Is.EqualTo(10.0));
            Assert.That(hours[0].RelHumidityPct, Is.EqualTo(95.0));
            Assert.That(hours[0].WindSpeed10mMs, Is.EqualTo(3.1));
        });
    }

    [Test]
    public async Task Nulls_in_the_response_stay_null()
    {
        var hours = (await ForecastAsync()).Hours;

        Assert.Multiple(() =>
        {
            Assert.That(At(hours, 6, 1, 5).CloudCoverPct, Is.Null);
            Assert.That(At(hours, 6, 1, 5).TempC, Is.EqualTo(11.0));
            // shortwave_radiation is null at stamp 13:00, i.e. in our hour 12:00; DNI of that stamp is there.
            Assert.That(At(hours, 6, 1, 12).GhiWm2, Is.Null);
            Assert.That(At(hours, 6, 1, 12).DniWm2, Is.EqualTo(850.2));
            Assert.That(At(hours, 6, 1, 13).GhiWm2, Is.EqualTo(741.8));
            Assert.That(At(hours, 6, 2, 6).TempC, Is.Null);
            Assert.That(At(hours, 6, 2, 22).WindSpeed100mMs, Is.Null);
        });
    }

    [Test]
    public async Task Local_time_stamps_are_converted_to_UTC_with_utc_offset_seconds()
    {
        server.Serve("/v1/forecast", "open-meteo/forecast_local_time.json");

        var hours = (await ForecastAsync()).Hours;

        // 02:00 at +02:00 is 00:00 UTC.
        var midnight = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(hours.Select(h => h.Ts), Is.EqualTo(new[] { midnight, midnight.AddHours(1), midnight.AddHours(2) }));
            Assert.That(hours[0].TempC, Is.EqualTo(7.0));
            Assert.That(hours.Select(h => h.Ts.Offset).Distinct(), Is.EqualTo(new[] { TimeSpan.Zero }));
        });
    }

    [Test]
    public async Task A_series_shorter_than_the_time_axis_fails_as_malformed()
    {
        server.Serve("/v1/forecast", "open-meteo/forecast_mismatched_arrays.json");
        await using var provider = WeatherSourcesHarness.Build(server);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() =>
            provider.GetRequiredService<OpenMeteoClient>().GetForecastAsync(SiteId, Lat, Lon, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.SourceName, Is.EqualTo(ObservationSources.OpenMeteo));
            Assert.That(error.Reason, Does.StartWith("malformed body: hourly.temperature_2m"));
        });
    }

    [Test]
    public async Task The_archive_is_asked_at_its_own_base_url_for_one_day_more_than_requested()
    {
        await ArchiveAsync(Feb2, Feb2);

        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo($"/{WeatherSourcesHarness.ArchivePrefix}/v1/archive"));
            Assert.That(request.Query["start_date"], Is.EqualTo("2025-02-02"));
            Assert.That(request.Query["end_date"], Is.EqualTo("2025-02-03"));
            Assert.That(request.Query["timezone"], Is.EqualTo("UTC"));
            Assert.That(request.Query["wind_speed_unit"], Is.EqualTo("ms"));
            Assert.That(request.Query["hourly"], Does.Contain("shortwave_radiation").And.Contain("wind_direction_100m"));
        });
    }

    [Test]
    public async Task The_archive_returns_exactly_the_requested_days_with_radiation_shifted()
    {
        var rows = await ArchiveAsync(Feb2, Feb2);

        var first = new DateTimeOffset(2025, 2, 2, 0, 0, 0, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Ts), Is.EqualTo(Enumerable.Range(0, 24).Select(i => first.AddHours(i))));
            Assert.That(At(rows, 2, 2, 7).GhiWm2, Is.EqualTo(123.8), "stamp 08:00");
            Assert.That(At(rows, 2, 2, 7).TempC, Is.EqualTo(-0.4), "stamp 07:00");
            Assert.That(At(rows, 2, 2, 11).DniWm2, Is.Null, "DNI is null at stamp 12:00");
            Assert.That(At(rows, 2, 2, 11).GhiWm2, Is.EqualTo(418.8));
            // 23:00's radiation comes from the extra day's 00:00 stamp.
            Assert.That(At(rows, 2, 2, 23).GhiWm2, Is.EqualTo(0.0));
            Assert.That(At(rows, 2, 2, 7).PressureHpa, Is.Null);
        });
    }

    [Test]
    public async Task A_field_the_archive_lacks_is_null_in_every_row()
    {
        var rows = await ArchiveAsync(Feb2, Feb2);

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.WindSpeed100mMs), Is.All.Null);
            Assert.That(rows.Select(r => r.WindDirDeg), Is.All.Not.Null);
        });
    }

    [Test]
    public async Task A_forecast_that_lacks_a_requested_field_fails_as_malformed()
    {
        // The archive fixture lacks wind_speed_100m: tolerated from the archive, not from the forecast API.
        server.Serve("/v1/forecast", "open-meteo/archive_2025-02-02_2025-02-03.json");
        await using var provider = WeatherSourcesHarness.Build(server);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() =>
            provider.GetRequiredService<OpenMeteoClient>().GetForecastAsync(SiteId, Lat, Lon, CancellationToken.None));

        Assert.That(error!.Reason, Is.EqualTo("malformed body: hourly.wind_speed_100m is missing"));
    }

    [Test]
    public async Task An_archive_answer_missing_requested_hours_is_refused()
    {
        // Asked for 2–3 February (answer must reach 4 February 00:00) but the fixture ends on 3 February 23:00.
        server.Serve("/v1/archive", "open-meteo/archive_2025-02-02_2025-02-03.json");
        await using var provider = WeatherSourcesHarness.Build(server);

        var error = Assert.ThrowsAsync<WeatherSourceException>(() => provider.GetRequiredService<OpenMeteoClient>()
            .GetArchiveAsync(SiteId, Lat, Lon, Feb2, Feb2.AddDays(1), CancellationToken.None));

        Assert.That(error!.Reason, Does.Contain("covers 47 of the 48 requested hours"));
    }

    private async Task<WeatherForecast> ForecastAsync(TimeProvider? time = null)
    {
        await using var provider = WeatherSourcesHarness.Build(server, time: time);
        return await provider.GetRequiredService<OpenMeteoClient>()
            .GetForecastAsync(SiteId, Lat, Lon, CancellationToken.None);
    }

    private async Task<IReadOnlyList<Observation>> ArchiveAsync(DateOnly from, DateOnly to)
    {
        await using var provider = WeatherSourcesHarness.Build(server);
        return await provider.GetRequiredService<OpenMeteoClient>()
            .GetArchiveAsync(SiteId, Lat, Lon, from, to, CancellationToken.None);
    }

    private static Observation At(IEnumerable<Observation> rows, int month, int day, int hour) =>
        rows.Single(r => r.Ts == new DateTimeOffset(2025, month, day, hour, 0, 0, TimeSpan.Zero));
}
