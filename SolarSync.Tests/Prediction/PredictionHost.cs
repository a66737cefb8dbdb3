using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Prediction.EvaluateForecasts;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction;

/// <summary>
/// One real host per fixture on a clock the tests set, tables emptied before each test, and the ways the Prediction
/// tests put data in: sites through the API, observations through Collection's repository, forecasts through the
/// archive.
/// </summary>
[NonParallelizable]
public abstract class PredictionHost
{
    internal static readonly DateTimeOffset DefaultNow = new(2025, 6, 11, 12, 30, 0, TimeSpan.Zero);

    internal SolarSyncApp App { get; private set; } = null!;

    internal SettableClock Clock { get; } = new(DefaultNow);

    protected HttpClient Admin { get; private set; } = null!;

    /// <summary>A client of the read API: a reader key, as reads need one (Auth:AnonymousReads is off by default).</summary>
    protected HttpClient Reader { get; private set; } = null!;

    /// <summary>Settings a fixture's host starts with on top of the test defaults.</summary>
    private protected virtual Dictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        App = await SolarSyncApp.StartAsync(Settings, services: s => s.AddSingleton<TimeProvider>(Clock));
        Admin = App.CreateClient(SolarSyncApp.AdminKey);
        Reader = App.CreateClient(SolarSyncApp.ReaderKey);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        Admin.Dispose();
        Reader.Dispose();
        await App.DisposeAsync();
    }

    [SetUp]
    public async Task ResetAsync()
    {
        Clock.Now = DefaultNow;
        await App.ResetAsync();
    }

    internal async Task<Site> CreateSiteAsync(string name, double capacityKw)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/sites", new { name, type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = capacityKw });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        return (await App.Services.GetRequiredService<ISiteDirectory>().FindAsync(id, CancellationToken.None))!;
    }

    /// <summary>Meter rows of the given hours; a null power is a stored hour without power.</summary>
    internal async Task StoreObservationsAsync(Site site, params (DateTimeOffset Hour, double? PowerKw)[] hours)
    {
        var rows = hours.Select(h => new Observation { SiteId = site.Id, Ts = h.Hour, Source = ObservationSources.Meter, PowerKw = h.PowerKw }).ToList();
        await App.Services.GetRequiredService<ObservationRepository>().UpsertAsync(rows, CancellationToken.None);
    }

    internal Task StoreForecastAsync(SiteForecast forecast) =>
        App.Services.GetRequiredService<ForecastArchive>().StoreAsync(forecast, CancellationToken.None);

    internal static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The clock at 00:30 UTC of <paramref name="day"/>: the daily evaluation then looks at the day before.</summary>
    internal void SetClockTo(DateOnly day) => Clock.Now = StartOf(day).AddMinutes(30);

    /// <summary>
    /// One UTC day of a site: 50 kW observed every hour, and a 24 h forecast by <paramref name="version"/> issued at
    /// midnight (horizons 1..24) whose p50 is off by <paramref name="errorKw"/> with p10..p90 = p50 ± 5 kW. On a 100 kW
    /// site the day's nMAE is |error| % and its coverage 100 % when |error| ≤ 5, else 0 %.
    /// </summary>
    internal async Task StoreDayAsync(Site site, DateOnly day, double errorKw, string version = "v1", double? testNmae = 4)
    {
        var start = StartOf(day);
        await StoreObservationsAsync(site, Enumerable.Range(0, 24).Select(h => (start.AddHours(h), (double?)50)).ToArray());
        await StoreForecastAsync(Forecast(site, version, start, testNmae,
            Enumerable.Range(0, 24).Select(_ => (50 + errorKw, 45 + errorKw, 55 + errorKw)).ToArray()));
    }

    /// <summary>prediction:evaluate-daily from a DI scope of the host, at the clock's time.</summary>
    internal async Task RunEvaluationJobAsync()
    {
        await using var scope = App.Scope();
        await scope.ServiceProvider.GetRequiredService<EvaluateForecastsJob>().RunAsync(CancellationToken.None);
    }

    /// <summary>A forecast of consecutive hours from <paramref name="issuedAt"/>, each (p50, p10, p90) kW.</summary>
    internal static SiteForecast Forecast(Site site, string version, DateTimeOffset issuedAt, double? testNmae, params (double P50, double P10, double P90)[] points) =>
        new(site, version, issuedAt, issuedAt.AddMinutes(7),
            points.Select((p, i) => new ForecastPoint(issuedAt.AddHours(i), p.P50, p.P10, p.P90)).ToList(),
            new ForecastMetadata("observed", issuedAt.AddHours(-3), "miss", 48), testNmae);

    /// <summary>The values an observable gauge of the host's SolarSync meter reports now, with their tags.</summary>
    internal IReadOnlyList<(double Value, IReadOnlyDictionary<string, object?> Tags)> ReadGauge(string name)
    {
        var meter = App.Services.GetRequiredService<SolarSyncMetrics>().Meter;
        var seen = new List<(double, IReadOnlyDictionary<string, object?>)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == name) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => seen.Add((value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => seen.Add((value, ToDictionary(tags))));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    private static IReadOnlyDictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, object?>();
        foreach (var tag in tags) d[tag.Key] = tag.Value;
        return d;
    }
}
