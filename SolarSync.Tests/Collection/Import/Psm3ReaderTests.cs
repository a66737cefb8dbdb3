using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Shared.TimeSeries;
using static SolarSync.Tests.Collection.Import.ImportTestSupport;

namespace SolarSync.Tests.Collection.Import;

public sealed class Psm3ReaderTests
{
    private const string Metadata =
        "Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation,Local Time Zone\n" +
        "NSRDB,401182,-,-,-,40.53,-108.54,0,2168,-7\n";

    private const string Header = "Year,Month,Day,Hour,Minute,GHI,DNI,DHI,Temperature\n";

    [Test]
    public async Task Metadata_is_read_before_the_rows()
    {
        await using var reader = new Psm3Reader(Fixture("psm3-60min-tz-minus7.csv"), leaveOpen: false);

        var metadata = await reader.ReadMetadataAsync();

        Assert.That(metadata, Is.EqualTo(new Psm3Metadata(40.53, -108.54, -7, 2168)));
        Assert.That(reader.Metadata, Is.SameAs(metadata));
    }

    // Hand-computed means of psm3-30min-utc.csv (Time Zone 0, rows stamped at the start of their 30 min):
    //   17:00  GHI (600+650)/2 = 625   DNI (700+720)/2 = 710   DHI 105   T (20+21)/2 = 20.5   RH 29
    //          P 779   WS 2.5   WD: 350° and 20° average as vectors to 5°, not 185°
    //   18:00  GHI 700 (18:30 has no GHI: the mean of the rows that have it)   DNI 750   T 22.5   WD 95
    //   19:00  GHI (720+710)/2 = 715   DNI (770+765)/2 = 767.5   DHI 145   T 24.25   P 777   WS 6.25   WD 190
    [Test]
    public async Task A_30_minute_file_imports_to_hourly_means()
    {
        await using var reader = new Psm3Reader(Fixture("psm3-30min-utc.csv"), leaveOpen: false);

        var rows = await CollectAsync(reader.ReadAsync(SiteId));

        Assert.That(rows.Rejections(), Is.Empty);
        var hours = rows.Observations();
        Assert.That(hours.Select(o => o.Ts), Is.EqualTo(new[] { Utc(2017, 6, 1, 17), Utc(2017, 6, 1, 18), Utc(2017, 6, 1, 19) }));
        Assert.Multiple(() =>
        {
            Assert.That(hours[0].GhiWm2, Is.EqualTo(625));
            Assert.That(hours[0].DniWm2, Is.EqualTo(710));
            Assert.That(hours[0].DhiWm2, Is.EqualTo(105));
            Assert.That(hours[0].TempC, Is.EqualTo(20.5));
            Assert.That(hours[0].RelHumidityPct, Is.EqualTo(29));
            Assert.That(hours[0].PressureHpa, Is.EqualTo(779));
            Assert.That(hours[0].WindSpeed10mMs, Is.EqualTo(2.5));
            Assert.That(hours[0].WindDirDeg, Is.EqualTo(5).Within(1e-9));
            Assert.That(hours[1].GhiWm2, Is.EqualTo(700));
            Assert.That(hours[1].DniWm2, Is.EqualTo(750));
            Assert.That(hours[1].TempC, Is.EqualTo(22.5));
            Assert.That(hours[1].WindDirDeg, Is.EqualTo(95).Within(1e-9));
            Assert.That(hours[2].GhiWm2, Is.EqualTo(715));
            Assert.That(hours[2].DniWm2, Is.EqualTo(767.5));
            Assert.That(hours[2].DhiWm2, Is.EqualTo(145));
            Assert.That(hours[2].TempC, Is.EqualTo(24.25));
            Assert.That(hours[2].PressureHpa, Is.EqualTo(777));
            Assert.That(hours[2].WindSpeed10mMs, Is.EqualTo(6.25));
            Assert.That(hours[2].WindDirDeg, Is.EqualTo(190).Within(1e-9));
            Assert.That(hours.Select(o => (o.SiteId, o.Source)), Is.All.EqualTo((SiteId, ObservationSources.Psm3)));
            Assert.That(hours.Select(o => o.CloudCoverPct), Is.All.Null);
        });
    }

    [Test]
    public async Task A_60_minute_file_passes_through_and_local_time_becomes_utc()
    {
        // Time Zone -7: local midnight is 07:00 UTC, and 23:00 on 1 January is 06:00 UTC on the 2nd.
        await using var reader = new Psm3Reader(Fixture("psm3-60min-tz-minus7.csv"), leaveOpen: false);

        var hours = (await CollectAsync(reader.ReadAsync(SiteId))).Observations();

        Assert.That(hours.Select(o => o.Ts), Is.EqualTo(new[]
        {
            Utc(2017, 1, 1, 7), Utc(2017, 1, 1, 8), Utc(2017, 1, 1, 9), Utc(2017, 1, 2, 6),
        }));
        Assert.That(hours.Select(o => o.Ts.Offset), Is.All.EqualTo(TimeSpan.Zero));
        Assert.That(hours.Select(o => o.TempC), Is.EqualTo(new double?[] { -8.4, -9.0, -9.6, -12.5 }));
        Assert.That(hours.Select(o => o.RelHumidityPct), Is.EqualTo(new double?[] { 82.96, 87.19, 91.57, 95.5 }));
        Assert.That(hours.Select(o => o.PressureHpa), Is.EqualTo(new double?[] { 779, 778, 778, 780 }), "quoted \"779\" reads as a number");
        Assert.That(hours[0].WindDirDeg, Is.Null, "the file has no Wind Direction column");
    }

    [Test]
    public async Task Rows_can_be_read_without_asking_for_the_metadata_first()
    {
        await using var reader = new Psm3Reader(Fixture("psm3-60min-tz-minus7.csv"), leaveOpen: false);

        var rows = await CollectAsync(reader.ReadAsync(SiteId));

        Assert.That(rows.Observations(), Has.Count.EqualTo(4));
        Assert.That(reader.Metadata?.TimeZoneOffsetHours, Is.EqualTo(-7));
    }

    [Test]
    public async Task Columns_are_found_by_name_in_any_order()
    {
        var text = Metadata + "Minute,Temperature,Hour,GHI,Day,Month,Year\n30,10.5,6,100,2,3,2020\n";
        await using var reader = new Psm3Reader(Utf8(text));

        var hour = (await CollectAsync(reader.ReadAsync(SiteId))).Observations().Single();

        Assert.That(hour.Ts, Is.EqualTo(Utc(2020, 3, 2, 6)));
        Assert.That((hour.GhiWm2, hour.TempC), Is.EqualTo(((double?)100, (double?)10.5)));
    }

    [Test]
    public async Task Text_in_a_number_field_rejects_the_row_and_reading_goes_on()
    {
        var text = Metadata + Header + "2017,1,1,0,0,abc,0,0,-8\n2017,1,1,1,0,5,6,7,-9\n";
        await using var reader = new Psm3Reader(Utf8(text));

        var rows = await CollectAsync(reader.ReadAsync(SiteId));

        var rejection = rows.Rejections().Single();
        Assert.That(rejection.Reasons, Is.EqualTo(new[] { "line 4: 'GHI' is not a number: 'abc'" }));
        Assert.That(rejection.RawPayload, Is.EqualTo("2017,1,1,0,0,abc,0,0,-8"));
        Assert.That((rejection.Source, rejection.SiteId), Is.EqualTo((ObservationSources.Psm3, (long?)SiteId)));
        Assert.That(rows.Observations().Single().GhiWm2, Is.EqualTo(5));
    }

    [Test]
    public async Task A_truncated_row_is_rejected_with_every_reason()
    {
        var text = Metadata + Header + "2017,1,1,0,0,1,2,3,4\n2017,1,x,1,0,5\n2017,1,1,2,0,5,6,7,8\n";
        await using var reader = new Psm3Reader(Utf8(text));

        var rows = await CollectAsync(reader.ReadAsync(SiteId));

        Assert.That(rows.Rejections().Single().Reasons, Is.EqualTo(new[]
        {
            "line 5: truncated row: expected 9 fields, got 6",
            "line 5: 'Day' is not a whole number: 'x'",
        }));
        Assert.That(rows.Observations().Select(o => o.Ts), Is.EqualTo(new[] { Utc(2017, 1, 1, 0), Utc(2017, 1, 1, 2) }));
    }

    [Test]
    public async Task An_impossible_date_is_rejected()
    {
        var text = Metadata + Header + "2017,2,30,0,0,1,2,3,4\n";
        await using var reader = new Psm3Reader(Utf8(text));

        var rejection = (await CollectAsync(reader.ReadAsync(SiteId))).Rejections().Single();

        Assert.That(rejection.Reasons, Is.EqualTo(new[] { "line 4: 2017-02-30 00:00 is not a valid date and time" }));
    }

    [Test]
    public async Task A_row_earlier_than_the_hour_being_aggregated_is_out_of_order()
    {
        var text = Metadata + Header +
            "2017,1,1,5,0,10,0,0,0\n" +
            "2017,1,1,5,30,20,0,0,0\n" +
            "2017,1,1,4,30,99,0,0,0\n" + // earlier hour than 05:00: out of order
            "2017,1,1,5,30,99,0,0,0\n" + // same half hour again: duplicate
            "2017,1,1,6,0,30,0,0,0\n";
        await using var reader = new Psm3Reader(Utf8(text));

        var rows = await CollectAsync(reader.ReadAsync(SiteId));

        Assert.That(rows.Rejections().Select(r => r.Reasons.Single()), Is.EqualTo(new[]
        {
            "line 6: timestamp out of order: 2017-01-01T04:30:00Z is earlier than the hour 2017-01-01T05:00:00Z already read",
            "line 7: duplicate timestamp 2017-01-01T05:30:00Z",
        }));
        Assert.That(rows.Observations().Select(o => o.GhiWm2), Is.EqualTo(new double?[] { 15, 30 }));
    }

    [Test]
    public async Task NaN_and_empty_values_are_missing_rather_than_rejected()
    {
        var text = Metadata + Header + "2017,1,1,0,0,NaN,,0,-8\n";
        await using var reader = new Psm3Reader(Utf8(text));

        var hour = (await CollectAsync(reader.ReadAsync(SiteId))).Observations().Single();

        Assert.That((hour.GhiWm2, hour.DniWm2, hour.DhiWm2, hour.TempC), Is.EqualTo(((double?)null, (double?)null, (double?)0, (double?)-8)));
    }

    [Test]
    public void A_file_without_the_metadata_rows_is_refused_with_a_clear_message()
    {
        var reader = new Psm3Reader(Utf8(Header + "2017,1,1,0,0,1,2,3,4\n"));

        var e = Assert.ThrowsAsync<ImportFormatException>(async () => await reader.ReadMetadataAsync());

        Assert.That(e.Message, Does.Contain("Latitude").And.Contain("Time Zone").And.Contain("metadata rows are missing"));
    }

    [Test]
    public void A_header_without_the_date_columns_is_refused()
    {
        var reader = new Psm3Reader(Utf8(Metadata + "Date,GHI,DNI\n2017-01-01,1,2\n"));

        var e = Assert.ThrowsAsync<ImportFormatException>(async () => await CollectAsync(reader.ReadAsync(SiteId)));

        Assert.That(e.Message, Does.Contain("missing column(s) Year, Month, Day, Hour").And.Contain("line 3"));
    }

    [Test]
    public void A_fractional_time_zone_is_refused()
    {
        var reader = new Psm3Reader(Utf8(Metadata.Replace("-108.54,0,", "-108.54,5.5,", StringComparison.Ordinal) + Header));

        var e = Assert.ThrowsAsync<ImportFormatException>(async () => await reader.ReadMetadataAsync());

        Assert.That(e.Message, Does.Contain("'Time Zone' is 5.5"));
    }

    [Test]
    public void A_file_that_ends_after_the_metadata_is_refused()
    {
        var reader = new Psm3Reader(Utf8(Metadata));

        var e = Assert.ThrowsAsync<ImportFormatException>(async () => await CollectAsync(reader.ReadAsync(SiteId)));

        Assert.That(e.Message, Does.Contain("expected the column header"));
    }
}
