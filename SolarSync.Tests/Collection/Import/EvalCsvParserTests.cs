using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Shared.TimeSeries;
using static SolarSync.Tests.Collection.Import.ImportTestSupport;

namespace SolarSync.Tests.Collection.Import;

public sealed class EvalCsvParserTests
{
    private const string Header =
        "timestamp,power_kw,ghi,dni,dhi,ghi_clear,temp_c,wind_speed_10m,wind_speed_hub,wind_dir,pressure_hpa,rel_humidity\n";

    [Test]
    public async Task Empty_fields_are_missing_values_and_hub_wind_is_the_upper_wind_speed()
    {
        var rows = await CollectAsync(EvalCsvParser.ReadAsync(Fixture("eval-with-gaps.csv"), SiteId));

        Assert.That(rows.Rejections(), Is.Empty);
        var hours = rows.Observations();
        Assert.That(hours.Select(o => o.Ts), Is.EqualTo(new[] { Utc(2016, 7, 1, 7), Utc(2016, 7, 1, 8), Utc(2016, 7, 1, 9) }));
        Assert.Multiple(() =>
        {
            Assert.That(hours[0], Is.EqualTo(new Observation
            {
                SiteId = SiteId, Ts = Utc(2016, 7, 1, 7), Source = ObservationSources.EvalCsv, PowerKw = 0, GhiWm2 = 0, TempC = 14.1875,
            }));
            Assert.That((hours[1].PowerKw, hours[1].GhiWm2, hours[1].DniWm2), Is.EqualTo(((double?)1.5, (double?)12.5, (double?)null)));
            Assert.That(hours[2].WindSpeed10mMs, Is.EqualTo(5.462));
            Assert.That(hours[2].WindSpeed100mMs, Is.EqualTo(7.862));
            Assert.That(hours[2].WindDirDeg, Is.EqualTo(215));
            Assert.That(hours[2].PressureHpa, Is.EqualTo(983.827));
            Assert.That(hours[2].RelHumidityPct, Is.EqualTo(81));
            Assert.That(hours[2].GhiWm2, Is.Null);
        });
    }

    [Test]
    public async Task A_second_row_for_the_same_hour_is_a_duplicate_and_an_earlier_one_is_out_of_order()
    {
        var text = Header +
            "2016-07-01T07:00:00Z,1,,,,,,,,,,\n" +
            "2016-07-01T08:00:00Z,2,,,,,,,,,,\n" +
            "2016-07-01T08:00:00Z,3,,,,,,,,,,\n" +
            "2016-07-01T07:00:00Z,4,,,,,,,,,,\n" +
            "2016-07-01T09:00:00Z,5,,,,,,,,,,\n";

        var rows = await CollectAsync(EvalCsvParser.ReadAsync(Utf8(text), SiteId));

        Assert.That(rows.Rejections().Select(r => r.Reasons.Single()), Is.EqualTo(new[]
        {
            "line 4: duplicate timestamp 2016-07-01T08:00:00Z",
            "line 5: timestamp out of order: 2016-07-01T07:00:00Z is earlier than the hour 2016-07-01T08:00:00Z already read",
        }));
        Assert.That(rows.Observations().Select(o => o.PowerKw), Is.EqualTo(new double?[] { 1, 2, 5 }));
    }

    [Test]
    public async Task A_timestamp_off_the_hour_is_rejected_rather_than_averaged()
    {
        var text = Header + "2016-07-01T07:30:00Z,1,,,,,,,,,,\n";

        var rejection = (await CollectAsync(EvalCsvParser.ReadAsync(Utf8(text), SiteId))).Rejections().Single();

        Assert.That(rejection.Reasons, Is.EqualTo(new[] { "line 2: timestamp 2016-07-01T07:30:00Z is not the start of an hour" }));
        Assert.That(rejection.Source, Is.EqualTo(ObservationSources.EvalCsv));
    }

    [Test]
    public void A_header_missing_an_evaluation_column_is_refused()
    {
        var text = Header.Replace(",ghi_clear", "", StringComparison.Ordinal) + "2016-07-01T07:00:00Z,1,,,,,,,,,\n";

        var e = Assert.ThrowsAsync<ImportFormatException>(async () => await CollectAsync(EvalCsvParser.ReadAsync(Utf8(text), SiteId)));

        Assert.That(e.Message, Does.Contain("missing column(s) ghi_clear"));
    }
}
