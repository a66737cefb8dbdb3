using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Shared.Security;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>
/// Every operation of the API document declares its security and error answers from its endpoint's own metadata,
/// and the answers it declares are the ones the host sends. No npm needed; <see cref="OpenApiLintTests"/> runs the linter.
/// </summary>
[NonParallelizable]
public sealed partial class OpenApiDocumentTests
{
    private SolarSyncApp app = null!;
    private JsonObject document = null!;
    private List<ApiDescription> described = null!;

    [OneTimeSetUp]
    public async Task FetchTheDocumentAsync()
    {
        app = await SolarSyncApp.StartAsync();
        using var client = app.CreateClient(apiKey: null);
        document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        described = app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>()
            .ApiDescriptionGroups.Items.SelectMany(g => g.Items).ToList();
    }

    [OneTimeTearDown]
    public Task StopAsync() => app.DisposeAsync().AsTask();

    [Test]
    public void The_api_key_scheme_is_the_x_api_key_header()
    {
        var scheme = document["components"]?["securitySchemes"]?["ApiKey"];
        Assert.That(scheme, Is.Not.Null, "components.securitySchemes.ApiKey");
        Assert.Multiple(() =>
        {
            Assert.That((string?)scheme!["type"], Is.EqualTo("apiKey"));
            Assert.That((string?)scheme["in"], Is.EqualTo("header"));
            Assert.That((string?)scheme["name"], Is.EqualTo("X-Api-Key"));
        });
    }

    [Test]
    public void Every_described_endpoint_is_an_operation_that_declares_its_security()
    {
        Assert.That(described, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var endpoint in described)
                Assert.That(Operation(endpoint)?["security"], Is.InstanceOf<JsonArray>(), Name(endpoint));
        });
    }

    [Test]
    public void Admin_operations_need_the_key_and_list_401_and_403()
    {
        var admin = described.Where(e => e.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthorizationPolicies.Admin)).ToList();
        Assert.That(admin.Select(Name), Does.Contain("POST /api/v1/sites").And.Contain("POST /admin/retrain"));
        Assert.Multiple(() =>
        {
            foreach (var endpoint in admin)
            {
                var operation = Operation(endpoint)!;
                Assert.That(operation["security"]!.ToJsonString(), Is.EqualTo("""[{"ApiKey":[]}]"""), Name(endpoint));
                Assert.That(Statuses(operation), Is.SupersetOf(new[] { "401", "403" }), Name(endpoint));
            }
        });
    }

    [Test]
    public void Read_operations_need_the_key_and_list_401_but_no_403()
    {
        // No authorization of their own: the fallback (reader) policy applies, which every valid key passes.
        var reads = described.Where(e => !e.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any()
            && !e.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()).ToList();
        Assert.That(reads.Select(Name), Does.Contain("GET /api/v1/sites").And.Contain("GET /api/v1/predict/{type}").And.Contain("POST /api/v1/forecast/solar"));
        Assert.Multiple(() =>
        {
            foreach (var endpoint in reads)
            {
                var operation = Operation(endpoint)!;
                Assert.That(operation["security"]!.ToJsonString(), Is.EqualTo("""[{"ApiKey":[]}]"""), Name(endpoint));
                Assert.That(Statuses(operation), Has.Some.EqualTo("401").And.None.EqualTo("403"), Name(endpoint));
            }
        });
    }

    [Test]
    public void Rate_limited_operations_list_429_with_retry_after_and_operations_with_a_body_list_413()
    {
        Assert.Multiple(() =>
        {
            foreach (var endpoint in described)
            {
                var operation = Operation(endpoint)!;
                var limited = endpoint.ActionDescriptor.EndpointMetadata.OfType<EnableRateLimitingAttribute>().Any();
                Assert.That(Statuses(operation).Contains("429"), Is.EqualTo(limited), $"429 of {Name(endpoint)}");
                if (limited) Assert.That(operation["responses"]!["429"]!["headers"]?["Retry-After"], Is.Not.Null, Name(endpoint));
                Assert.That(Statuses(operation).Contains("413"), Is.EqualTo(operation["requestBody"] is not null), $"413 of {Name(endpoint)}");
            }
        });
    }

    [Test]
    public void Every_error_answer_is_a_problem()
    {
        var errors = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(o => o.Value?["responses"] is not null)
                .SelectMany(o => o.Value!["responses"]!.AsObject().Where(r => r.Key.StartsWith('4'))
                    .Select(r => (Name: $"{o.Key.ToUpperInvariant()} {path.Key} {r.Key}", Response: r.Value!))))
            .ToList();
        Assert.That(errors.Select(e => e.Name), Has.Some.EndsWith(" 413").And.Some.EndsWith(" 429"));
        Assert.Multiple(() =>
        {
            foreach (var (name, response) in errors)
            {
                var schema = response["content"]?["application/problem+json"]?["schema"]?["$ref"];
                Assert.That((string?)schema, Does.Match("^#/components/schemas/(Http(Validation)?)?ProblemDetails$"), name);
            }
        });
        Assert.That(document["components"]?["schemas"]?["ProblemDetails"], Is.Not.Null);
    }

    // The handlers answer these with a problem; only the endpoint's metadata can say so to the document.
    [TestCase("get", "/api/v1/sites/{id}", "404")]
    [TestCase("post", "/api/v1/sites", "409")]
    [TestCase("get", "/api/v1/sites/{id}/history", "404")]
    [TestCase("get", "/api/v1/sites/{id}/history.csv", "404")]
    [TestCase("post", "/admin/import", "404")]
    [TestCase("post", "/admin/model/{type}/promote/{version}", "404")]
    [TestCase("post", "/admin/model/{type}/promote/{version}", "409")]
    [TestCase("post", "/admin/model/{type}/rollback", "409")]
    [TestCase("post", "/admin/retrain", "404")]
    [TestCase("get", "/admin/retrain/{jobId}", "404")]
    public void A_not_found_or_conflict_the_handler_answers_is_declared(string method, string path, string status)
    {
        var response = document["paths"]?[path]?[method]?["responses"]?[status];
        Assert.That(response?["content"]?["application/problem+json"], Is.Not.Null, $"{method} {path} {status}");
    }

    [Test]
    public void The_server_url_has_no_trailing_slash()
    {
        var servers = document["servers"]!.AsArray().Select(s => (string)s!["url"]!).ToList();
        Assert.That(servers, Is.Not.Empty.And.All.Not.EndsWith("/"));
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase(SolarSyncApp.ReaderKey, HttpStatusCode.Forbidden)]
    public async Task A_refused_admin_request_is_answered_with_the_declared_problem(string? key, HttpStatusCode status)
    {
        using var client = app.CreateClient(key);
        var response = await client.PostAsync("/monitoring/cache/clear", null);
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var declared = document["paths"]!["/monitoring/cache/clear"]!["post"]!["responses"]![((int)status).ToString()];
        Assert.That(declared?["content"]?["application/problem+json"], Is.Not.Null);
    }

    private JsonNode? Operation(ApiDescription endpoint) =>
        document["paths"]?[PathOf(endpoint)]?[endpoint.HttpMethod!.ToLowerInvariant()];

    private static string Name(ApiDescription endpoint) => $"{endpoint.HttpMethod} {PathOf(endpoint)}";

    /// <summary>The document's path of a route: parameters without their constraints, defaults or optional marks, no trailing '/'.</summary>
    private static string PathOf(ApiDescription endpoint) => "/" + RouteParameter().Replace(endpoint.RelativePath!, "{$1}").TrimEnd('/');

    private static string[] Statuses(JsonNode operation) => operation["responses"]!.AsObject().Select(r => r.Key).ToArray();

    [GeneratedRegex(@"\{\**([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
