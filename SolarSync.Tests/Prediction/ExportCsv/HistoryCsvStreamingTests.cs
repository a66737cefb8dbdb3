using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Prediction.GetHistory;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.ExportCsv;

/// <summary>
/// A 92-day history export (2208 hours, two stored rows and an hourly 168 h forecast behind each) is streamed: the
/// host counts the hours its history has produced, so a test can tell a response that flows from one that was built
/// whole before it was sent.
/// </summary>
[NonParallelizable]
public sealed class HistoryCsvStreamingTests
{
    private static readonly DateTimeOffset From = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private const int Hours = 92 * 24;

    private readonly SettableClock clock = new(PredictionHost.DefaultNow);
    private SolarSyncApp app = null!;
    private HttpClient admin = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        app = await SolarSyncApp.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<SiteHistory>();
            s.AddSingleton(sp => new CountingHistory(sp.GetRequiredService<SiteHistory>()));
            s.AddSingleton<ISiteHistory>(sp => sp.GetRequiredService<CountingHistory>());
        });
        admin = app.CreateClient(SolarSyncApp.AdminKey);
        client = app.CreateClient(SolarSyncApp.ReaderKey);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        admin.Dispose();
        client.Dispose();
        await app.DisposeAsync();
    }

    [SetUp]
    public Task ResetAsync() => app.ResetAsync();

    [Test]
    public async Task A_92_day_export_is_sent_while_later_hours_are_still_unread_and_arrives_whole()
    {
        var siteId = await StoreNinetyTwoDaysAsync();
        var counter = app.Services.GetRequiredService<CountingHistory>();
        counter.Reset();

        using var response = await client.GetAsync(
            $"/api/v1/sites/{siteId}/history.csv?from=2025-03-01&to=2025-06-01&lead=day-ahead", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        var header = await reader.ReadLineAsync();
        var first = await reader.ReadLineAsync();
        // The client reads no further: the server writes on until the transport's window is full and then waits.
        var producedWhileWaiting = await SettledAsync(() => counter.Produced);

        var rows = 1;
        string? last = first;
        while (await reader.ReadLineAsync() is { } line)
        {
            rows++;
            last = line;
        }

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentLength, Is.Null, "no Content-Length: the size was not known when the response started");
            Assert.That(header, Does.StartWith("timestamp,observed_kw,"));
            Assert.That(first, Does.StartWith("2025-03-01T00:00:00Z,50,500,20,4.168").And.EndWith(",,false,50,40,60,2025-02-28T00:00:00Z,24,v1"));
            // About 80 kB are in flight (the writer's buffer and the transport's window): ~1000 rows of ~85 bytes.
            // A server that read all 2208 hours before sending would have produced them all by now.
            Assert.That(producedWhileWaiting, Is.GreaterThan(0).And.LessThan(Hours * 3 / 4), "hours produced while the client waited");
            Assert.That(rows, Is.EqualTo(Hours));
            Assert.That(last, Does.StartWith("2025-05-31T23:00:00Z,50,"));
            Assert.That(counter.Produced, Is.EqualTo(Hours));
        });
    }

    [Test]
    public async Task The_json_of_the_same_92_days_flows_the_same_way_and_holds_every_hour()
    {
        var siteId = await StoreNinetyTwoDaysAsync();
        var counter = app.Services.GetRequiredService<CountingHistory>();
        counter.Reset();

        using var response = await client.GetAsync(
            $"/api/v1/sites/{siteId}/history?from=2025-03-01&to=2025-06-01", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = new byte[1024];
        await body.ReadExactlyAsync(start);
        var producedWhileWaiting = await SettledAsync(() => counter.Produced);
        using var rest = new MemoryStream();
        rest.Write(start);
        await body.CopyToAsync(rest);
        var hours = JsonNode.Parse(rest.ToArray())!["hours"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentLength, Is.Null);
            Assert.That(producedWhileWaiting, Is.GreaterThan(0).And.LessThan(Hours * 3 / 4), "hours produced while the client waited");
            Assert.That(hours, Has.Count.EqualTo(Hours));
            Assert.That(hours.Select(h => h!["lead_hours"]!.GetValue<int>()), Is.All.EqualTo(24));
        });
    }

    /// <summary>A site with a meter and a weather row every hour of the 92 days and a 168 h forecast issued every hour.</summary>
    private async Task<long> StoreNinetyTwoDaysAsync()
    {
        var response = await admin.PostAsJsonAsync("/api/v1/sites", new { name = "Golden", type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });
        var siteId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var rows = Enumerable.Range(0, Hours).SelectMany(i => new[]
        {
            new Observation { SiteId = siteId, Ts = From.AddHours(i), Source = ObservationSources.Meter, PowerKw = 50 },
            new Observation { SiteId = siteId, Ts = From.AddHours(i), Source = ObservationSources.OpenMeteo, GhiWm2 = 500, TempC = 20, WindSpeed10mMs = 3 },
        }).ToList();
        await app.Services.GetRequiredService<ObservationRepository>().UpsertAsync(rows, CancellationToken.None);
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.ExecuteAsync("""
            INSERT INTO prediction.forecasts (site_id, model_version, issued_at, generated_at, model_type, horizon_hours,
                                              p50, p10, p90, model_test_nmae, historical_context, history_hours, weather_issued_at)
            SELECT @siteId, 'v1', t, t + interval '7 minutes', 'solar', 168,
                   array_fill(50.0::float8, ARRAY[168]), array_fill(40.0::float8, ARRAY[168]), array_fill(60.0::float8, ARRAY[168]),
                   NULL, 'observed', 48, NULL
            FROM generate_series(@from - interval '7 days', @to - interval '1 hour', interval '1 hour') AS t
            """, new { siteId, from = From, to = To });
        return siteId;
    }

    /// <summary>The value once it has not changed for a second (at most 30 s).</summary>
    private static async Task<int> SettledAsync(Func<int> read)
    {
        var value = read();
        var stableSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && DateTime.UtcNow - stableSince < TimeSpan.FromSeconds(1))
        {
            await Task.Delay(100);
            var now = read();
            if (now != value) (value, stableSince) = (now, DateTime.UtcNow);
        }

        return value;
    }

    /// <summary>The host's history, counting the hours it has handed out.</summary>
    internal sealed class CountingHistory(ISiteHistory inner) : ISiteHistory
    {
        private int produced;

        public int Produced => Volatile.Read(ref produced);

        public void Reset() => Interlocked.Exchange(ref produced, 0);

        public async IAsyncEnumerable<HistoryHour> ReadAsync(
            Site site, DateTimeOffset from, DateTimeOffset to, ForecastLead lead, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var hour in inner.ReadAsync(site, from, to, lead, ct))
            {
                Interlocked.Increment(ref produced);
                yield return hour;
            }
        }
    }
}
