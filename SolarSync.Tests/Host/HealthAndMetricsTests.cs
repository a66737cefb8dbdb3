using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

public sealed class HealthAndMetricsTests : HostTest
{
    private HttpClient client = null!;

    [OneTimeSetUp]
    public void AnonymousClient() => client = App.CreateClient(apiKey: null);

    [OneTimeTearDown]
    public void DisposeClient() => client.Dispose();

    [Test]
    public async Task Liveness_answers_200()
    {
        Assert.That((await client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Readiness_checks_postgres_redis_and_mqtt()
    {
        var (status, body) = await WaitForReadiness(HttpStatusCode.OK);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        var checks = body!["checks"]!.AsObject();
        Assert.That(checks.Select(c => c.Key), Is.EquivalentTo(new[] { "postgres", "redis", "mqtt", "models" }));
        Assert.That(checks.Select(c => c.Value!["status"]!.GetValue<string>()), Is.All.EqualTo("Healthy"));
    }

    [Test]
    public async Task Metrics_are_served_in_prometheus_format_with_the_solarsync_meter()
    {
        await Admin.GetAsync("/api/v1/sites");
        var text = await client.GetStringAsync("/metrics");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("solarsync_build_info"));
            Assert.That(text, Does.Contain("http_server_request_duration_seconds"));
            Assert.That(text, Does.Contain("dotnet_gc_collections_total"));
            Assert.That(text, Does.Contain("db_client_operation_duration_seconds"));
        });
    }

    [Test]
    public async Task The_openapi_document_describes_the_sites_api_and_the_ui_is_served()
    {
        var doc = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = doc!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Does.Contain("/api/v1/sites").And.Contain("/api/v1/sites/{id}"));
        Assert.That((await client.GetAsync("/scalar/v1")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<(HttpStatusCode Status, JsonObject? Body)> WaitForReadiness(HttpStatusCode wanted)
    {
        HttpResponseMessage response;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            response = await client.GetAsync("/health/ready");
            if (response.StatusCode == wanted) break;
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonObject>());
    }
}
