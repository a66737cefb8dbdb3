using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Shared.TimeSeries;
using static SolarSync.Tests.Collection.Import.ImportTestSupport;

namespace SolarSync.Tests.Collection.Import;

public sealed class WeatherCsvParserTests
{
    // weather-10min-mixed-case.csv: six 10-min rows in 06:00, one in 07:00.
    //   06:00  GHI (0+5+10+15+20+25)/6 = 12.5   T (1.0+…+2.0)/6 = 1.5   wind 4.25 m/s   dir 295°   cloud 75 %
    [Test]
    public async Task Header_names_ignore_case_and_ten_minute_rows_average_to_hours()
    {
        var rows = await CollectAsync(WeatherCsvParser.ReadAsync(Fixture("weather-10min-mixed-case.csv"), SiteId));

        Assert.That(rows.Rejections(), Is.Empty);
        var hours = rows.Observations();
        Assert.That(hours.Select(o => o.Ts), Is.EqualTo(new[] { Utc(2024, 3, 10, 6), Utc(2024, 3, 10, 7) }));
        Assert.Multiple(() =>
        {
            Assert.That(hours[0].GhiWm2, Is.EqualTo(12.5));
            Assert.That(hours[0].TempC, Is.EqualTo(1.5).Within(1e-12));
            Assert.That(hours[0].WindSpeed10mMs, Is.EqualTo(4.25));
            Assert.That(hours[0].WindDirDeg, Is.EqualTo(295).Within(1e-9));
            Assert.That(hours[0].CloudCoverPct, Is.EqualTo(75));
            Assert.That(hours[0].DniWm2, Is.Null, "no dni column");
            Assert.That(hours[1].GhiWm2, Is.EqualTo(30));
            Assert.That(hours.Select(o => o.Source), Is.All.EqualTo(ObservationSources.WeatherCsv));
        });
    }

    [Test]
    public async Task Every_weather_column_maps_to_its_observation_field()
    {
        const string text =
            "timestamp,ghi,dni,dhi,temp_c,rel_humidity,pressure_hpa,wind_speed_10m,wind_speed_100m,wind_dir,cloud_cover\n" +
            "2024-01-01T00:00:00Z,1,2,3,4,5,6,7,8,9,10\n";

        var hour = (await CollectAsync(WeatherCsvParser.ReadAsync(Utf8(text), SiteId))).Observations().Single();

        Assert.That(
            new[] { hour.GhiWm2, hour.DniWm2, hour.DhiWm2, hour.TempC, hour.RelHumidityPct, hour.PressureHpa, hour.WindSpeed10mMs, hour.WindSpeed100mMs, hour.WindDirDeg, hour.CloudCoverPct },
            Is.EqualTo(new double?[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }));
    }

    [Test]
    public void A_header_with_a_timestamp_but_no_weather_column_is_refused()
    {
        const string text = "timestamp,station\n2024-01-01T00:00:00Z,A\n";

        var e = Assert.ThrowsAsync<ImportFormatException>(async () => await CollectAsync(WeatherCsvParser.ReadAsync(Utf8(text), SiteId)));

        Assert.That(e.Message, Does.Contain("none of its value columns").And.Contain("at least one of ghi, dni"));
    }

    [Test]
    public void A_meter_file_chosen_as_weather_is_refused_with_a_hint()
    {
        var e = Assert.ThrowsAsync<ImportFormatException>(async () =>
            await CollectAsync(WeatherCsvParser.ReadAsync(Fixture("meter-15min-offsets.csv"), SiteId)));

        Assert.That(e.Message, Does.Contain("choose format 'meter'"));
    }
}
