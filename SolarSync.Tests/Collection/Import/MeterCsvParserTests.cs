using SolarSync.Modules.Collection.Import;
using SolarSync.Modules.Shared.TimeSeries;
using static SolarSync.Tests.Collection.Import.ImportTestSupport;

namespace SolarSync.Tests.Collection.Import;

public sealed class MeterCsvParserTests
{
    // meter-15min-offsets.csv, converted to UTC:
    //   10:00  12:00+02:00 … 12:45+02:00 → (100+110+120+130)/4 = 115 kW
    //   11:00  11:00Z 200, 11:30Z NaN (missing), 11:45 without offset taken as UTC 220 → (200+220)/2 = 210 kW
    //   12:00  08:00-04:00 → 300 kW
    [Test]
    public async Task Readings_with_offsets_become_hourly_mean_power_in_utc()
    {
        var rows = await CollectAsync(MeterCsvParser.ReadAsync(Fixture("meter-15min-offsets.csv"), SiteId));

        Assert.That(rows.Rejections(), Is.Empty);
        var hours = rows.Observations();
        Assert.That(hours.Select(o => o.Ts), Is.EqualTo(new[] { Utc(2024, 6, 1, 10), Utc(2024, 6, 1, 11), Utc(2024, 6, 1, 12) }));
        Assert.That(hours.Select(o => o.PowerKw), Is.EqualTo(new double?[] { 115, 210, 300 }));
        Assert.That(hours.Select(o => o.Source), Is.All.EqualTo(ObservationSources.Meter));
        Assert.That(hours.Select(o => o.GhiWm2), Is.All.Null);
    }

    [Test]
    public async Task A_repeated_reading_is_a_duplicate_and_an_earlier_hour_is_out_of_order()
    {
        const string text =
            "timestamp,active_power_kw\n" +
            "2024-06-01T10:00:00Z,10\n" +
            "2024-06-01T10:30:00Z,20\n" +
            "2024-06-01T12:30:00+02:00,99\n" + // = 10:30Z again
            "2024-06-01T09:45:00Z,99\n" +
            "2024-06-01T10:15:00Z,30\n" + // within the hour being aggregated: order inside the hour does not matter
            "2024-06-01T11:00:00Z,40\n";

        var rows = await CollectAsync(MeterCsvParser.ReadAsync(Utf8(text), SiteId));

        Assert.That(rows.Rejections().Select(r => r.Reasons.Single()), Is.EqualTo(new[]
        {
            "line 4: duplicate timestamp 2024-06-01T10:30:00Z",
            "line 5: timestamp out of order: 2024-06-01T09:45:00Z is earlier than the hour 2024-06-01T10:00:00Z already read",
        }));
        Assert.That(rows.Observations().Select(o => o.PowerKw), Is.EqualTo(new double?[] { 20, 40 }));
    }

    [Test]
    public async Task A_timestamp_that_is_not_iso_8601_is_rejected_with_the_value()
    {
        const string text = "timestamp,active_power_kw\n01/06/2024 10:00,5\n2024-06-01T11:00:00Z,six\n";

        var rejections = (await CollectAsync(MeterCsvParser.ReadAsync(Utf8(text), SiteId))).Rejections();

        Assert.That(rejections.Select(r => r.Reasons.Single()), Is.EqualTo(new[]
        {
            "line 2: 'timestamp' is not an ISO 8601 date and time: '01/06/2024 10:00'",
            "line 3: 'active_power_kw' is not a number: 'six'",
        }));
    }

    [Test]
    public void A_header_without_active_power_is_refused_naming_what_was_expected()
    {
        const string text = "timestamp,power\n2024-06-01T10:00:00Z,5\n";

        var e = Assert.ThrowsAsync<ImportFormatException>(async () => await CollectAsync(MeterCsvParser.ReadAsync(Utf8(text), SiteId)));

        Assert.That(e.Message, Does.Contain("Not a meter CSV").And.Contain("missing column(s) active_power_kw")
            .And.Contain("found: timestamp, power"));
    }

    [Test]
    public void A_semicolon_separated_file_is_refused_with_a_hint()
    {
        const string text = "timestamp;active_power_kw\n2024-06-01T10:00:00Z;5\n";

        var e = Assert.ThrowsAsync<ImportFormatException>(async () => await CollectAsync(MeterCsvParser.ReadAsync(Utf8(text), SiteId)));

        Assert.That(e.Message, Does.Contain("expected ','"));
    }
}
