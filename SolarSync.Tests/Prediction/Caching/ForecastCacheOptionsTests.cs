using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.Caching;

[NonParallelizable]
public sealed class ForecastCacheOptionsTests
{
    [TestCase("Prediction:CacheTtlMinutes", "0")]
    [TestCase("Prediction:CacheTtlMinutes", "1441")]
    [TestCase("Prediction:CacheTimeoutMilliseconds", "0")]
    [TestCase("Prediction:CacheKeyPrefix", "Has Spaces")]
    public async Task A_broken_cache_setting_stops_start_up_with_a_message_naming_the_key(string key, string value)
    {
        await TestServices.EnsureDatabaseAsync();
        await using var app = new SolarSyncApp(new Dictionary<string, string?> { [key] = value });
        var failure = Assert.Catch(() => _ = app.Server, "the host must refuse to start");
        var messages = new List<string>();
        for (Exception? e = failure; e is not null; e = e.InnerException) messages.Add(e.Message);
        Assert.That(string.Join(" | ", messages), Does.Contain(key));
    }
}
