using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Prediction.Caching;
using SolarSync.Tests.Infrastructure;
using StackExchange.Redis;
using static SolarSync.Tests.Prediction.Caching.ForecastCacheTestKit;

namespace SolarSync.Tests.Prediction.Caching;

/// <summary>The forecast cache on the real Redis, with a key prefix of its own.</summary>
[NonParallelizable]
public sealed class ForecastCacheRedisTests
{
    private const int TtlMinutes = 7;

    private SolarSyncApp app = null!;
    private ForecastCache cache = null!;
    private HttpClient anonymous = null!;
    private HttpClient reader = null!;
    private HttpClient admin = null!;

    // The host's multiplexer: the host disposes it.
    private IConnectionMultiplexer Redis => app.Services.GetRequiredService<IConnectionMultiplexer>();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        app = await SolarSyncApp.StartAsync(new Dictionary<string, string?>
        {
            ["Prediction:CacheKeyPrefix"] = UniquePrefix(),
            ["Prediction:CacheTtlMinutes"] = TtlMinutes.ToString(),
            // Redis itself is under test here; the near copy in front of it has ForecastNearCacheTests.
            ["Prediction:NearCacheSeconds"] = "0",
        });
        try
        {
            await Redis.GetDatabase().PingAsync();
        }
        catch (RedisException e)
        {
            TestServices.Unavailable($"Redis at {TestServices.Redis} ({e.Message})");
        }
        cache = app.Services.GetRequiredService<ForecastCache>();
        anonymous = app.CreateClient(apiKey: null);
        reader = app.CreateClient(SolarSyncApp.ReaderKey);
        admin = app.CreateClient(SolarSyncApp.AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        anonymous?.Dispose();
        reader?.Dispose();
        admin?.Dispose();
        if (app is not null) await app.DisposeAsync();
    }

    [Test]
    public void The_backend_is_redis_when_a_redis_connection_string_is_set()
    {
        Assert.That(cache.Backend, Is.EqualTo("redis"));
    }

    [Test]
    public async Task A_first_lookup_misses_and_after_a_set_the_identical_lookup_hits_with_the_stored_bytes()
    {
        var outcomes = new Dictionary<string, long>();
        using var listener = ListenToOutcomes(app, outcomes);
        var key = NewKey();

        var first = await cache.GetAsync(key, CancellationToken.None);
        await cache.SetAsync(key, Body, CancellationToken.None);
        var second = await cache.GetAsync(key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Outcome, Is.EqualTo(CacheOutcome.Miss));
            Assert.That(first.Value, Is.Null);
            Assert.That(second.Outcome, Is.EqualTo(CacheOutcome.Hit));
            Assert.That(second.OutcomeName, Is.EqualTo("hit"));
            Assert.That(second.Value, Is.EqualTo(Body));
            Assert.That(outcomes, Is.EquivalentTo(new Dictionary<string, long> { ["miss"] = 1, ["hit"] = 1 }), "solarsync.predictions.cache by outcome");
        });
    }

    [Test]
    public async Task Lookups_differing_in_hours_model_version_or_weather_issue_hour_are_separate_entries()
    {
        var key = NewKey();
        await cache.SetAsync(key, Body, CancellationToken.None);

        var others = new[]
        {
            key with { Hours = 48 },
            key with { ModelVersion = "v-test-2" },
            key with { WeatherIssuedAt = key.WeatherIssuedAt!.Value.AddHours(1) },
            key with { WeatherIssuedAt = null },
            key with { SiteId = key.SiteId + 1 },
        };
        var outcomes = new List<CacheOutcome>();
        foreach (var other in others) outcomes.Add((await cache.GetAsync(other, CancellationToken.None)).Outcome);

        Assert.That(outcomes, Is.All.EqualTo(CacheOutcome.Miss));
        Assert.That((await cache.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Hit));
    }

    [Test]
    public async Task An_entry_is_stored_in_redis_with_the_configured_ttl()
    {
        var key = NewKey();
        await cache.SetAsync(key, Body, CancellationToken.None);

        var redisKey = "solarsync:" + cache.CacheKeyOf(key, cache.Generation!.Value);
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(redisKey);

        Assert.That(ttl, Is.Not.Null, $"{redisKey} has no expiry");
        Assert.That(ttl!.Value, Is.GreaterThan(TimeSpan.FromMinutes(TtlMinutes - 1)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(TtlMinutes)));
    }

    [Test]
    public async Task A_clear_makes_the_next_lookup_a_miss_and_raises_the_generation()
    {
        var key = NewKey();
        await cache.SetAsync(key, Body, CancellationToken.None);
        Assert.That((await cache.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Hit));
        var before = cache.Generation!.Value;

        var cleared = await cache.ClearAsync(CancellationToken.None);

        Assert.That(cleared, Is.GreaterThan(before));
        Assert.That((await cache.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Miss));
    }

    [Test]
    public async Task A_clear_holds_for_a_restarted_instance_at_once_and_reaches_a_running_one_within_seconds()
    {
        var key = NewKey();
        var running = AnotherInstance(app);
        await cache.SetAsync(key, Body, CancellationToken.None);
        Assert.That((await running.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Hit), "both instances share the entries");

        await cache.ClearAsync(CancellationToken.None);
        var restarted = AnotherInstance(app);
        Assert.That((await restarted.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Miss));

        // The running instance re-reads the generation every RefreshEvery (2 s).
        CacheOutcome outcome;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            outcome = (await running.GetAsync(key, CancellationToken.None)).Outcome;
            if (outcome == CacheOutcome.Miss) break;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.That(outcome, Is.EqualTo(CacheOutcome.Miss));
    }

    [Test]
    public async Task A_generation_lost_with_redis_data_restarts_above_every_generation_used_before()
    {
        var key = NewKey();
        await cache.ClearAsync(CancellationToken.None);
        await cache.SetAsync(key, Body, CancellationToken.None);
        var before = cache.Generation!.Value;
        var generationKey = new RedisCacheGeneration(Redis, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForecastCacheOptions>>().Value.CacheKeyPrefix,
            TimeProvider.System).Key;

        // What a Redis restart without persistence does to the counter (the entries of this test stay, to prove they are not served).
        Assert.That(await Redis.GetDatabase().KeyDeleteAsync(generationKey), Is.True, $"{generationKey} should exist");
        var restarted = AnotherInstance(app);

        Assert.That((await restarted.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Miss));
        Assert.That(restarted.Generation, Is.GreaterThan(before));
    }

    [Test]
    public async Task Stats_counters_and_hit_rate_follow_the_lookups_of_an_instance()
    {
        var fresh = AnotherInstance(app);
        var key = NewKey();

        await fresh.GetAsync(key, CancellationToken.None);
        await fresh.SetAsync(key, Body, CancellationToken.None);
        await fresh.GetAsync(key, CancellationToken.None);
        await fresh.GetAsync(key, CancellationToken.None);

        var stats = fresh.Stats();
        Assert.That(stats, Is.EqualTo(new CacheStats("redis", Hits: 2, Misses: 1, Bypasses: 0, Errors: 0)));
        Assert.That(stats.HitRate, Is.EqualTo(2.0 / 3).Within(1e-12));
    }

    [Test]
    public async Task The_stats_endpoint_reports_snake_case_counters_of_this_instance_to_a_reader()
    {
        var before = await reader.GetFromJsonAsync<JsonObject>("/monitoring/cache/stats");
        var key = NewKey();
        await cache.GetAsync(key, CancellationToken.None);
        await cache.SetAsync(key, Body, CancellationToken.None);
        await cache.GetAsync(key, CancellationToken.None);

        var response = await reader.GetAsync("/monitoring/cache/stats");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var after = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        long Count(JsonObject o, string name) => o[name]!.GetValue<long>();
        var lookups = Count(after, "hits") + Count(after, "misses") + Count(after, "bypasses");

        Assert.Multiple(() =>
        {
            Assert.That(after.Select(p => p.Key), Is.EquivalentTo(new[] { "backend", "hits", "misses", "bypasses", "errors", "near_hits", "hit_rate" }));
            Assert.That(after["backend"]!.GetValue<string>(), Is.EqualTo("redis"));
            Assert.That(Count(after, "hits") - Count(before!, "hits"), Is.EqualTo(1));
            Assert.That(Count(after, "misses") - Count(before!, "misses"), Is.EqualTo(1));
            Assert.That(after["hit_rate"]!.GetValue<double>(), Is.EqualTo((double)Count(after, "hits") / lookups).Within(1e-9));
        });
    }

    [Test]
    public async Task Clearing_needs_an_admin_key()
    {
        var key = NewKey();
        await cache.SetAsync(key, Body, CancellationToken.None);

        var asAnonymous = await anonymous.PostAsync("/monitoring/cache/clear", null);
        var asReader = await reader.PostAsync("/monitoring/cache/clear", null);
        Assert.That((await cache.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Hit), "a refused clear clears nothing");

        var before = cache.Generation!.Value;
        var asAdmin = await admin.PostAsync("/monitoring/cache/clear", null);
        var body = await asAdmin.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Multiple(() =>
        {
            Assert.That(asAnonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(asReader.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(asAdmin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body!["backend"]!.GetValue<string>(), Is.EqualTo("redis"));
            Assert.That(body["generation"]!.GetValue<long>(), Is.GreaterThan(before));
        });
        Assert.That((await cache.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Miss));
    }

    [Test]
    public async Task The_cache_endpoints_are_in_the_openapi_document()
    {
        var doc = await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = doc!["paths"]!.AsObject();
        Assert.That(paths.Select(p => p.Key), Does.Contain("/monitoring/cache/stats").And.Contain("/monitoring/cache/clear"));
        Assert.That(paths["/monitoring/cache/stats"]!["get"]!["summary"]!.GetValue<string>(), Does.Contain("hit rate"));
    }

    [Test]
    public async Task With_redis_stopped_the_cache_is_bypassed_without_throwing_errors_are_counted_and_it_serves_again_after_restart()
    {
        var key = NewKey();
        await cache.SetAsync(key, Body, CancellationToken.None);
        Assert.That((await cache.GetAsync(key, CancellationToken.None)).Outcome, Is.EqualTo(CacheOutcome.Hit));
        var before = cache.Stats();

        TestServices.Run("stop", "redis");
        try
        {
            await TestServices.WaitUntilRedisRefusesAsync();
            var down = await cache.GetAsync(key, CancellationToken.None);
            Assert.DoesNotThrowAsync(() => cache.SetAsync(NewKey(), Body, CancellationToken.None));
            // Right after the failure the circuit is open: this lookup skips Redis instead of waiting for it.
            var skipped = await cache.GetAsync(key, CancellationToken.None);
            var during = cache.Stats();
            var clear = await admin.PostAsync("/monitoring/cache/clear", null);

            Assert.Multiple(() =>
            {
                Assert.That(down.Outcome, Is.EqualTo(CacheOutcome.Bypass));
                Assert.That(down.Value, Is.Null);
                Assert.That(skipped.Outcome, Is.EqualTo(CacheOutcome.Bypass));
                Assert.That(cache.IsCircuitOpen, Is.True);
                Assert.That(during.Errors, Is.GreaterThan(before.Errors));
                Assert.That(during.Bypasses, Is.EqualTo(before.Bypasses + 2));
                Assert.That(during.Hits, Is.EqualTo(before.Hits));
                Assert.That(clear.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a clear that cannot reach Redis says so");
            });
        }
        finally
        {
            TestServices.Run("start", "redis");
        }

        // Redis came back empty; once the break is over a probe finds it and the cache serves again.
        var again = NewKey();
        CacheOutcome outcome;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await cache.SetAsync(again, Body, CancellationToken.None);
            outcome = (await cache.GetAsync(again, CancellationToken.None)).Outcome;
            if (outcome == CacheOutcome.Hit) break;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.That(outcome, Is.EqualTo(CacheOutcome.Hit));
        Assert.That(cache.IsCircuitOpen, Is.False);
    }
}
