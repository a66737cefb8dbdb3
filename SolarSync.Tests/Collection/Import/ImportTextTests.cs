using SolarSync.Modules.Collection.Import;

namespace SolarSync.Tests.Collection.Import;

public sealed class ImportTextTests
{
    private static IEnumerable<string> Fields()
    {
        string[] values =
        [
            "", "1.5", "-0.25", "1e3", "+7", ".5", "5.", "1,5", "0x10", "NaN", "nan", "Infinity", "-Infinity", "∞", "1e400",
            "abc", "1 2", "12\u00A0", "\u00A0", "\u2003-3", "1.5\0", "٣", "00017.250",
        ];
        foreach (var value in values) yield return value;
        // Every ASCII control character and the space, around a number and alone.
        for (var c = (char)0; c <= ' '; c++)
        {
            if (c is '\n' or '\r' or ',') continue; // would end the field or the record
            yield return $"{c}42{c}";
            yield return c.ToString();
        }
    }

    [TestCaseSource(nameof(Fields))]
    public async Task A_field_parses_the_same_from_the_reader_bytes_as_from_its_string(string field)
    {
        await using var row = CsvRecordCursor.Open(new StringReader($"x,\"{field}\"\n"), leaveOpen: false);
        Assert.That(await row.MoveNextAsync(CancellationToken.None), Is.True);
        List<string> fromBytes = [], fromString = [];

        var viaBytes = ImportText.ParseNumber(row, 1, "ghi", 2, fromBytes);
        var viaString = ImportText.ParseNumber(row.Field(1), "ghi", 2, fromString);

        Assert.That(viaBytes, Is.EqualTo(viaString));
        Assert.That(fromBytes, Is.EqualTo(fromString));
    }
}
