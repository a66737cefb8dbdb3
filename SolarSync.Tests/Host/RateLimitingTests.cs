using System.Net;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

[NonParallelizable]
public sealed class RateLimitingTests
{
    [Test]
    public async Task A_client_over_its_limit_gets_429_with_retry_after_while_other_clients_go_on()
    {
        await using var app = await SolarSyncApp.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimiting:PermitLimit"] = "2",
            ["RateLimiting:WindowSeconds"] = "60",
        });
        var reader = app.CreateClient(SolarSyncApp.ReaderKey);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            last = await reader.GetAsync("/api/v1/sites");
            statuses.Add(last.StatusCode);
        }
        var otherClient = await app.CreateClient(SolarSyncApp.AdminKey).GetAsync("/api/v1/sites");

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }), string.Join(", ", statuses));
            // Seconds until the 60 s window renews, rounded up.
            Assert.That(last.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 61), last.Headers.RetryAfter?.ToString());
            Assert.That(last.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(otherClient.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
