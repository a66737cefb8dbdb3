using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

[NonParallelizable]
public sealed class ConfigurationTests
{
    [TestCase("Collection:ForecastsCron", "every hour")]
    [TestCase("Collection:HistoryCron", "61 * * * *")]
    [TestCase("Hangfire:DefaultWorkers", "-1")]
    [TestCase("RateLimiting:PermitLimit", "0")]
    [TestCase("Http:CorsOrigins:0", "console.example.com")]
    [TestCase("Http:CorsOrigins:0", "https://console.example.com/app")]
    [TestCase("Http:KnownProxies:0", "nginx.local")]
    [TestCase("Devices:Mqtt:Port", "70000")]
    [TestCase("Devices:Mqtt:Mode", "Cluster")]
    [TestCase("Devices:Mqtt:ClientId", "has/slash")]
    [TestCase("Devices:Mqtt:ReceiveMaximum", "0")]
    [TestCase("Devices:Mqtt:SessionExpirySeconds", "10")]
    [TestCase("Devices:Mqtt:CaFile", "/no/such/ca.pem")]
    [TestCase("Devices:OfflineAfterMinutes", "0")]
    [TestCase("Devices:MaxPayloadBytes", "10")]
    [TestCase("Devices:WriteBatchSize", "0")]
    [TestCase("Devices:PublishForecastsCron", "hourly")]
    [TestCase("Training:WeeklyCron", "weekly")]
    [TestCase("Training:HorizonHours", "169")]
    [TestCase("Prediction:NearestSiteRadiusKm", "0")]
    [TestCase("Prediction:CacheTtlMinutes", "0")]
    [TestCase("Prediction:CacheTtlMinutes", "1441")]
    [TestCase("Prediction:CacheTimeoutMilliseconds", "0")]
    [TestCase("Prediction:CacheKeyPrefix", "Has Spaces")]
    [TestCase("Prediction:NearCacheSeconds", "-1")]
    [TestCase("Prediction:NearCacheMegabytes", "0")]
    [TestCase("Prediction:EvaluateDailyCron", "daily")]
    [TestCase("Prediction:EvaluateDailyCron", "15 25 * * *")]
    [TestCase("Prediction:DriftFactor", "0.5")]
    [TestCase("Prediction:DriftFactor", "abc")]
    public async Task A_broken_setting_stops_start_up_with_a_message_naming_the_key(string key, string value)
    {
        var message = await StartUpFailure(new Dictionary<string, string?> { [key] = value });
        Assert.That(message, Does.Contain(key));
    }

    [Test]
    public async Task An_embedded_broker_without_credentials_stops_start_up_naming_them()
    {
        var message = await StartUpFailure(new Dictionary<string, string?> { ["Devices:Mqtt:Mode"] = "Embedded" });
        Assert.That(message, Does.Contain("Devices:Mqtt:Username").And.Contain("Devices:Mqtt:Password"));
    }

    [Test]
    public async Task A_missing_postgres_connection_string_stops_start_up_naming_it()
    {
        var message = await StartUpFailure(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "" });
        Assert.That(message, Does.Contain("ConnectionStrings:Postgres"));
    }

    [Test]
    public async Task An_api_key_hash_that_is_not_sha256_stops_start_up_naming_it()
    {
        var message = await StartUpFailure(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:ops:Sha256"] = "plaintext-secret",
            ["Auth:ApiKeys:ops:Role"] = "admin",
        });
        Assert.That(message, Does.Contain("Auth:ApiKeys:ops:Sha256"));
    }

    private static async Task<string> StartUpFailure(Dictionary<string, string?> overrides)
    {
        await TestServices.EnsureDatabaseAsync();
        await using var app = new SolarSyncApp(overrides);
        var failure = Assert.Catch(() => _ = app.Server, "the host must refuse to start");
        var messages = new List<string>();
        for (Exception? e = failure; e is not null; e = e.InnerException) messages.Add(e.Message);
        return string.Join(" | ", messages);
    }
}
