using System.Text;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Tests.Collection.Import;

internal static class ImportTestSupport
{
    public const long SiteId = 42;

    public static Stream Fixture(string name) =>
        File.OpenRead(Path.Combine(TestContext.CurrentContext.TestDirectory, "Collection", "Import", "Fixtures", name));

    /// <summary>UTF-8 bytes of <paramref name="text"/>, with a byte order mark when asked.</summary>
    public static Stream Utf8(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(bom ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes);
    }

    public static async Task<List<Parsed>> CollectAsync(IAsyncEnumerable<Parsed> rows)
    {
        var list = new List<Parsed>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }

    public static List<Observation> Observations(this IEnumerable<Parsed> rows) =>
        rows.Where(r => r.Observation is not null).Select(r => r.Observation!).ToList();

    public static List<Rejection> Rejections(this IEnumerable<Parsed> rows) =>
        rows.Where(r => r.Rejection is not null).Select(r => r.Rejection!).ToList();

    public static DateTimeOffset Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);
}
