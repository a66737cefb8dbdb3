using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Prediction.Caching;
using SolarSync.Tests.Infrastructure;
using StackExchange.Redis;
using static SolarSync.Tests.Prediction.Caching.ForecastCacheTestKit;

namespace SolarSync.Tests.Prediction.Caching;

/// <summary>The forecast cache of a host started without ConnectionStrings:Redis: in-process memory.</summary>
[NonParallelizable]
public sealed class ForecastCacheMemoryTests
{
    private SolarSyncApp app = null!;
    private ForecastCache cache = null!;
    private HttpClient admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        app = await SolarSyncApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "" });
        cache = app.Services.GetRequiredService<ForecastCache>();
        admin = app.CreateClient(SolarSyncApp.AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        admin?.Dispose();
        if (app is not null) await app.DisposeAsync();
    }

    [Test]
    public void The_backend_is_memory_and_no_redis_is_involved()
    {
        Assert.That(cache.Backend, Is.EqualTo("memory"));
        Assert.That(app.Services.GetService<IConnectionMultiplexer>(), Is.Null);
    }

    [Test]
    public async Task A_first_lookup_misses_and_after_a_set_the_identical_lookup_hits()
    {
        var key = NewKey();
        var first = await cache.GetAsync(key, CancellationToken.None);
        await cache.SetAsync(key, Body, CancellationToken.None);
        var second = await cache.GetAsync(key, CancellationToken.None);

        Assert.That(first.Outcome, Is.EqualTo(CacheOutcome.Miss));
        Assert.That(second.Outcome, Is.EqualTo(CacheOutcome.Hit));
        Assert.That(second.Value, Is.EqualTo(Body));
    }

    [Test]
    public async Task Lookups_differing_in_hours_model_version_or_weather_issue_hour_are_separate_entries()
    {
        var key = NewKey();
        await cache.SetAsync(key, Body, CancellationToken.None);

        var outcomes = new List<CacheOutcome>();
        foreach (var other in new[] { key with { Hours = 1 }, key with { ModelVersion = "v-other" }, key with { WeatherIssuedAt = null } })
            outcomes.Add((await cache.GetAsync(other, CancellationToken.None)).Outcome);

        Assert.That(outcomes, Is.All.EqualTo(CacheOutcome.Miss));
        Assert.That((await cache.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Hit));
    }

    [Test]
    public async Task A_clear_through_the_endpoint_makes_the_next_lookup_a_miss()
    {
        var key = NewKey();
        await cache.SetAsync(key, Body, CancellationToken.None);
        var before = cache.Generation!.Value;

        var response = await admin.PostAsync("/monitoring/cache/clear", null);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body!["backend"]!.GetValue<string>(), Is.EqualTo("memory"));
        Assert.That(body["generation"]!.GetValue<long>(), Is.EqualTo(before + 1));
        Assert.That((await cache.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Miss));
    }

    [Test]
    public async Task The_stats_endpoint_names_the_memory_backend()
    {
        using var reader = app.CreateClient(SolarSyncApp.ReaderKey);
        var stats = await reader.GetFromJsonAsync<JsonObject>("/monitoring/cache/stats");
        Assert.That(stats!["backend"]!.GetValue<string>(), Is.EqualTo("memory"));
        Assert.That(stats["errors"]!.GetValue<long>(), Is.Zero);
    }
}
