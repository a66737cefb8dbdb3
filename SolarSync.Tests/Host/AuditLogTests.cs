using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Host.Security;
using SolarSync.Modules.Shared.Security;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>Admin actions on the real host are recorded in monitoring.audit_log and read back through GET /admin/audit.</summary>
public sealed partial class AuditLogTests : HostTest
{
    private static object NewSite(string name) => new { name, type = "solar", latitude = 40, longitude = -105, capacity_kw = 50 };

    [Test]
    public async Task A_site_creation_a_deletion_and_refused_requests_are_recorded_with_client_and_status_newest_first()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", NewSite("Audit PV"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var siteId = (long)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var registered = await Admin.PostAsJsonAsync("/api/iot/devices/register", new { device_id = "audit-inv-1", device_type = "solar_inverter", site_id = siteId });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        Assert.That((await Admin.DeleteAsync("/api/iot/devices/audit-inv-1")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Admin.DeleteAsync($"/api/v1/sites/{siteId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);
        Assert.That((await reader.PostAsJsonAsync("/api/v1/sites", NewSite("Reader PV"))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Admin.PostAsJsonAsync("/api/v1/sites", new { name = "No type" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        // No valid key: nobody's action, not recorded.
        using var anonymous = App.CreateClient(apiKey: null);
        Assert.That((await anonymous.PostAsJsonAsync("/api/v1/sites", NewSite("Anon PV"))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        // Reads are not actions.
        Assert.That((await Admin.GetAsync("/admin/model/history")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var entries = await AuditAsync("");

        var rows = entries.Select(e => ((string)e["client"]!, (string)e["action"]!, (string)e["method"]!, (string)e["route"]!, (string?)e["target"], (int)e["status_code"]!, (bool)e["succeeded"]!));
        Assert.That(rows, Is.EqualTo(new[]
        {
            ("testadmin", "site.create", "POST", "/api/v1/sites", (string?)null, 400, false),
            ("testreader", "site.create", "POST", "/api/v1/sites", null, 403, false),
            ("testadmin", "site.delete", "DELETE", "/api/v1/sites/{id:long}", siteId.ToString(CultureInfo.InvariantCulture), 204, true),
            ("testadmin", "device.delete", "DELETE", "/api/iot/devices/{id}", "audit-inv-1", 204, true),
            ("testadmin", "device.register", "POST", "/api/iot/devices/register", "audit-inv-1", 201, true),
            ("testadmin", "site.create", "POST", "/api/v1/sites", siteId.ToString(CultureInfo.InvariantCulture), 201, true),
        }));
        var times = entries.Select(e => DateTimeOffset.Parse((string)e["occurred_at"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.That(times, Is.Ordered.Descending);
        Assert.That(times[0], Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task From_to_action_and_limit_narrow_the_entries_and_more_says_older_ones_matched()
    {
        foreach (var name in new[] { "Filter A", "Filter B", "Filter C" })
            Assert.That((await Admin.PostAsJsonAsync("/api/v1/sites", NewSite(name))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await Admin.PostAsync("/monitoring/cache/clear", null)).IsSuccessStatusCode, Is.True);

        var page = await Admin.GetFromJsonAsync<JsonObject>("/admin/audit?action=site.create&limit=2");
        var newest = page!["entries"]!.AsArray();
        Assert.That(newest.Select(e => (string)e!["action"]!), Is.EqualTo(new[] { "site.create", "site.create" }));
        Assert.That((bool)page["more"]!, Is.True);
        Assert.That((string?)page["action"], Is.EqualTo("site.create"));

        var oldest = (string)newest[^1]!["occurred_at"]!;
        var older = await AuditAsync($"?action=site.create&to={Uri.EscapeDataString(oldest)}");
        Assert.That(older, Has.Count.EqualTo(1), "the entry before the page's oldest");

        Assert.That(await AuditAsync("?action=cache.clear"), Has.Count.EqualTo(1));
        Assert.That(await AuditAsync($"?from={DateTimeOffset.UtcNow.AddMinutes(5):yyyy-MM-ddTHH:mm:ssZ}"), Is.Empty);
        Assert.That(await AuditAsync($"?to={DateTimeOffset.UtcNow.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}"), Is.Empty);
        Assert.That(await AuditAsync("?from=2000-01-01"), Has.Count.EqualTo(4));
    }

    [TestCase("from=yesterday", "from")]
    [TestCase("to=2026-13-01", "to")]
    [TestCase("from=2026-12-02&to=2026-12-01", "to")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=1001", "limit")]
    [TestCase("limit=ten", "limit")]
    [TestCase("action=DROP%20TABLE", "action")]
    public async Task A_bad_query_is_a_400_problem_naming_the_field(string query, string field)
    {
        var response = await Admin.GetAsync("/admin/audit?" + query);

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(JsonNode.Parse(body)!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
    }

    [Test]
    public async Task The_audit_log_is_for_admins_only()
    {
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);
        using var anonymous = App.CreateClient(apiKey: null);

        Assert.That((await reader.GetAsync("/admin/audit")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await anonymous.GetAsync("/admin/audit")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Admin.GetAsync("/admin/audit")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_audit_row_that_cannot_be_written_leaves_the_action_succeeded_and_is_counted()
    {
        var before = await WriteFailuresAsync();
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.ExecuteAsync("ALTER TABLE monitoring.audit_log RENAME TO audit_log_away");
        HttpResponseMessage created;
        try
        {
            created = await Admin.PostAsJsonAsync("/api/v1/sites", NewSite("Unaudited PV"));
        }
        finally
        {
            await conn.ExecuteAsync("ALTER TABLE monitoring.audit_log_away RENAME TO audit_log");
        }

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(await WriteFailuresAfterScrapeCacheAsync(before + 1), Is.EqualTo(before + 1));
        Assert.That(await AuditAsync(""), Is.Empty);
    }

    [Test]
    public void Every_admin_route_that_changes_something_has_an_action_name()
    {
        var unnamed = new List<string>();
        var named = new List<string>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (!endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AuthorizationPolicies.Admin)) continue;
            var route = AdminActionNames.RouteOf(endpoint.RoutePattern);
            // No method metadata (the job dashboard) takes any method; POST is the one it changes things with.
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["POST"];
            foreach (var method in methods.Where(m => m is not ("GET" or "HEAD")))
                (AdminActionNames.For(method, route) == AdminActionNames.Unnamed ? unnamed : named).Add($"{method} {route}");
        }

        Assert.That(unnamed, Is.Empty, "name these in SolarSync.Host/Security/AdminActionNames.cs");
        Assert.That(named, Does.Contain("POST /admin/model/{type}/rollback").And.Contain("POST /api/v1/sites").And.Contain("POST /hangfire/{**path}"));
    }

    private async Task<List<JsonObject>> AuditAsync(string query)
    {
        var response = await Admin.GetAsync("/admin/audit" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    /// <summary>The exporter answers from a copy of its last scrape for a moment; read until the count or a deadline.</summary>
    private async Task<long> WriteFailuresAfterScrapeCacheAsync(long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        long count;
        while ((count = await WriteFailuresAsync()) != expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        return count;
    }

    private async Task<long> WriteFailuresAsync()
    {
        var scrape = await App.CreateClient(apiKey: null).GetStringAsync("/metrics");
        var match = WriteFailuresLine().Match(scrape);
        return match.Success ? long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^solarsync_audit_write_failures_total(\{[^}]*\})? (?<count>\d+)", RegexOptions.Multiline)]
    private static partial Regex WriteFailuresLine();
}
